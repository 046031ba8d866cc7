"""How retention removes a dossier or an aanvraag: rows, both copies of the files,
logboek lines, inzage grants and guardian rows.

Called by the rules in ``loket.privacy.retention.rules``, each inside one transaction per
dossier or aanvraag: a failure leaves that one whole. Files are deleted from
storage only after the commit, so a rolled-back removal never loses a file a
remaining row still refers to; a delete the storage refuses is retried until it
succeeds (``cms.files.deletion``).

Files of models other apps hang on a dossier (e.g. instemming, overdracht) are
found through ``dossier_files``: one entry per model, ``callable(dossier_ids) ->
storage names``. Their rows go with the dossier by ``on_delete=CASCADE``.
"""

from accounts.registry import Registry
from cms.files.deletion import delete_on_commit
from loket import logboek
from loket.models import (
    Aanvraag,
    Agendapunt,
    Besluit,
    Bewaartermijn,
    Bezwaar,
    BezwaarUitstel,
    Bijlage,
    Dossier,
    Evaluatiemoment,
    Herziening,
    Instemming,
    Leerling,
    Medeondertekening,
    PurgeRecord,
    StatusChange,
    TopLedgerEntry,
)

dossier_files = Registry("retention: files of a dossier")


def _bijlage_names(dossier_ids):
    return Bijlage.objects.filter(aanvraag__dossier_id__in=dossier_ids).values_list(
        "file", flat=True
    )


dossier_files.register("bijlagen", _bijlage_names)


def note_purge(kind, object_id, action, reason):
    """The purge journal's line (``loket.privacy.retention.journal``): ids, no personal data."""
    from loket.privacy.retention.journal_copy import keep_on_commit

    record = PurgeRecord.objects.create(
        kind=kind, object_id=object_id, action=action, reason=reason
    )
    keep_on_commit(record)  # outside the database too, for a restore into an empty one
    return record


def delete_files_on_commit(names):
    """The private files go after the commit, retried until the storage confirms
    (``cms.files.deletion``): a failed delete on S3 no longer leaves them behind."""
    delete_on_commit("private", names)


def _remove_submission_copy(aanvraag):
    """The form engine's copy of the aanvraag (answers and files), when still there."""
    from forms.models import FormSubmission
    from forms.services import delete_submission

    if aanvraag.submission_key is None:
        return
    submission = FormSubmission.objects.filter(key=aanvraag.submission_key).first()
    if submission is not None:
        delete_submission(submission)


def _file_names(aanvraag):
    """Storage names of the aanvraag's bijlagen and archived formal documents."""
    return list(aanvraag.bijlagen.values_list("file", flat=True)) + list(
        aanvraag.documenten.values_list("file", flat=True)
    )


def delete_aanvraag(aanvraag):
    """Delete an aanvraag with everything below it. A TOP booking stays (figures),
    without its link to the aanvraag. Its logboek lines stay while its dossier does
    (they show the kenmerk only)."""
    names = _file_names(aanvraag)
    _remove_submission_copy(aanvraag)
    if aanvraag.dossier_id is None:
        # Logboek lines live as long as their dossier; without one, as the aanvraag.
        logboek.purge(aanvraag_ids=[aanvraag.pk])
    # A release's free text may name the pupil: it goes, the amounts and reasons stay.
    TopLedgerEntry.objects.filter(aanvraag=aanvraag).update(toelichting="")
    # Cascades: history, besluit, aanvullingen, terugkoppelingen, bijlagen, documenten.
    aanvraag.delete()
    delete_files_on_commit(names)


def _forget_after_besluit(aanvraag):
    """What an anonymised aanvraag must not keep beyond the figures: the parents' and
    co-signers' e-mail addresses (the rows go), the texts of bezwaar, herziening and
    notulen and who wrote them. Outcomes, dates and amounts stay for the figures."""
    Instemming.objects.filter(aanvraag=aanvraag).delete()
    Medeondertekening.objects.filter(aanvraag=aanvraag).delete()
    Bezwaar.objects.filter(aanvraag=aanvraag).update(
        gronden="",
        te_laat_reden="",
        hoorzitting_verslag="",
        uitkomst_motivering="",
        ingediend_door=None,
        behandeld_door=None,
    )
    BezwaarUitstel.objects.filter(aanvraag=aanvraag).update(reden="", door=None)
    Herziening.objects.filter(aanvraag=aanvraag).update(
        reden="", motivering="", override_reason="", decided_by=None
    )
    Agendapunt.objects.filter(aanvraag=aanvraag).update(notulen="")
    Evaluatiemoment.objects.filter(aanvraag=aanvraag).update(
        answers={},
        labels=[],
        ingediend_door=None,
        gelezen_door=None,
        verplaatst_door=None,
        verplaatst_reden="",
    )


def anonymise_aanvraag(aanvraag):
    """Keep what the figures need (type, school, status, dates, uitkomst, amounts) and
    remove the rest: answers, labels, files, texts, the link to the pupil's dossier.
    Its logboek lines stay with the dossier and go when the dossier goes."""
    names = _file_names(aanvraag)
    _remove_submission_copy(aanvraag)
    aanvraag.bijlagen.all().delete()
    aanvraag.documenten.all().delete()  # the PDFs name the pupil and hold the answers
    aanvraag.notities.all().delete()  # internal free text of the SWV
    aanvraag.actiepunten.all().delete()
    aanvraag.aanvullingen.all().delete()
    aanvraag.terugkoppelingen.all().delete()
    TopLedgerEntry.objects.filter(aanvraag=aanvraag).update(toelichting="")
    StatusChange.objects.filter(aanvraag=aanvraag).update(reason="", by=None)
    Besluit.objects.filter(aanvraag=aanvraag).update(
        motivering="", override_reason="", ondertekening_afwijking="", decided_by=None
    )
    _forget_after_besluit(aanvraag)
    Aanvraag.objects.filter(pk=aanvraag.pk).update(
        answers={},
        labels=[],
        dossier=None,
        submitted_by=None,
        consulent=None,
        form_page=None,
        form_revision=None,
        submission_key=None,
    )
    delete_files_on_commit(names)


def remove_aanvraag(aanvraag, action, reason=PurgeRecord.Reason.BEWAARTERMIJN, record=True):
    """Delete or anonymise one aanvraag, and note that in the purge journal (unless a
    restore re-applies a purge that is noted already)."""
    if record:
        note_purge(PurgeRecord.Kind.AANVRAAG, aanvraag.pk, action, reason)
    if action == Bewaartermijn.Actie.ANONIMISEREN:
        anonymise_aanvraag(aanvraag)
    else:
        delete_aanvraag(aanvraag)


def remove_dossier(
    dossier, action, reason=PurgeRecord.Reason.BEWAARTERMIJN, note=None, record=True
):
    """Remove a whole dossier: its aanvragen (deleted or anonymised), files, logboek,
    inzage grants and guardian rows (cascade), and the pupil when no other school
    holds a dossier about them. The purge journal keeps that it happened (dossier id,
    when, why), so a restore of an older backup removes it again
    (``loket.privacy.retention.journal``); ``note`` is the text of the logboek's seal."""
    if record:
        note_purge(PurgeRecord.Kind.DOSSIER, dossier.pk, action, reason)
    names = []
    for _key, files_of in dossier_files.items():
        names.extend(files_of([dossier.pk]))
    aanvragen = list(Aanvraag.objects.filter(dossier=dossier))
    for aanvraag in aanvragen:
        remove_aanvraag(aanvraag, action, reason, record)
    # The lines of dossiers merged into this one go with it (``Samenvoeging``).
    history = logboek.dossier_history_ids(dossier)
    logboek.purge(dossier_ids=history, aanvraag_ids=[a.pk for a in aanvragen], note=note)
    leerling_id = dossier.leerling_id
    Dossier.objects.filter(pk=dossier.pk).delete()
    if not Dossier.objects.filter(leerling_id=leerling_id).exists():
        Leerling.objects.filter(pk=leerling_id).delete()
    delete_files_on_commit(names)
