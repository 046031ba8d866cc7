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
from loket.models import Aanvraag, Besluit, Bijlage, Dossier, Leerling, StatusChange

dossier_files = Registry("retention: files of a dossier")


def _bijlage_names(dossier_ids):
    return Bijlage.objects.filter(aanvraag__dossier_id__in=dossier_ids).values_list(
        "file", flat=True
    )


dossier_files.register("bijlagen", _bijlage_names)


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
    # Cascades: history, besluit, aanvullingen, terugkoppelingen, bijlagen, documenten.
    aanvraag.delete()
    delete_files_on_commit(names)


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
    StatusChange.objects.filter(aanvraag=aanvraag).update(reason="", by=None)
    Besluit.objects.filter(aanvraag=aanvraag).update(motivering="", decided_by=None)
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


def remove_aanvraag(aanvraag, action):
    from loket.models import Bewaartermijn

    if action == Bewaartermijn.Actie.ANONIMISEREN:
        anonymise_aanvraag(aanvraag)
    else:
        delete_aanvraag(aanvraag)


def remove_dossier(dossier, action):
    """Remove a whole dossier: its aanvragen (deleted or anonymised), files, logboek,
    inzage grants and guardian rows (cascade), and the pupil when no other school
    holds a dossier about them."""
    names = []
    for _key, files_of in dossier_files.items():
        names.extend(files_of([dossier.pk]))
    aanvragen = list(Aanvraag.objects.filter(dossier=dossier))
    for aanvraag in aanvragen:
        remove_aanvraag(aanvraag, action)
    # The lines of dossiers merged into this one go with it (``Samenvoeging``).
    history = logboek.dossier_history_ids(dossier)
    logboek.purge(dossier_ids=history, aanvraag_ids=[a.pk for a in aanvragen])
    leerling_id = dossier.leerling_id
    Dossier.objects.filter(pk=dossier.pk).delete()
    if not Dossier.objects.filter(leerling_id=leerling_id).exists():
        Leerling.objects.filter(pk=leerling_id).delete()
    delete_files_on_commit(names)
