"""Turn a finished form submission into an aanvraag.

Registered with the form engine as one hand-off per aanvraag type
(``loket.lifecycle.form_setup``; the contract is in ``forms/handoff.py``). The engine
calls it inside the transaction that stores the submission, so anything raised
here rolls the whole submission back and the school's draft stays.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ConsulentAssignment
from forms.fieldroles import answer_for_role
from loket import beperking, logboek
from loket.instemming import ondertekening
from loket.leerlingen.matching import find_pupil
from loket.leerlingen.schooljaren import place, school_year
from loket.lifecycle import documenten, hoorrecht, notifications, services
from loket.models import Aanvraag, Dossier, Leerling, LogEntry, StatusChange


def find_leerling_answer(submission):
    """The answer of the field the form marks with the role "leerling", else ``None``."""
    value = answer_for_role(submission, "leerling")
    return value if isinstance(value, dict) else None


def _parse_leerling(value):
    naam = str(value.get("naam") or "").strip()
    try:
        geboortedatum = datetime.date.fromisoformat(str(value.get("geboortedatum") or ""))
    except ValueError:
        raise ValidationError(_("De geboortedatum van de leerling is niet geldig.")) from None
    if not naam:
        raise ValidationError(_("De naam van de leerling ontbreekt."))
    return naam, geboortedatum, str(value.get("groep") or "").strip()[:50]


def find_or_create_dossier(school, naam, geboortedatum, groep, user, chosen=None):
    """The pupil's dossier at this school: the register's pupil the school chose from the
    list (``chosen``), else the one with this date of birth and this name however it is
    written (case, spacing, accents: ``loket.names``), else a new pupil."""
    leerling = None
    if chosen is not None:
        leerling = Leerling.objects.filter(school=school, pk=chosen).first()
    if leerling is None:
        leerling = find_pupil(school, naam, geboortedatum)
    if leerling is None:
        leerling = Leerling.objects.create(school=school, naam=naam, geboortedatum=geboortedatum)
    elif leerling.vertrokken_op is not None:  # back at the school
        leerling.vertrokken_op = None
        leerling.save(update_fields=["vertrokken_op"])
    if groep and (leerling.groep != groep or leerling.schooljaar != school_year()):
        place(leerling, groep)  # the groep of this school year, earlier years kept
    dossier, _created = Dossier.objects.get_or_create(leerling=leerling, school=school)
    beperking.refuse_new_aanvraag(dossier)  # AVG art. 18: a frozen dossier takes nothing
    if dossier.is_archived:
        dossier.status = Dossier.Status.OPEN
        dossier.archived_at = None
        dossier.save(update_fields=["status", "archived_at"])
        logboek.log(LogEntry.Action.HEROPEND, user, dossier=dossier, detail="nieuwe aanvraag")
    return dossier


def _files_of(submission):
    files = getattr(submission, "files", None) or []
    return files.all() if hasattr(files, "all") else files


@transaction.atomic
def create_aanvraag_from_submission(submission, aanvraag_type=None):
    """Create the aanvraag (and leerling + dossier when the form names a pupil).

    ``aanvraag_type`` comes from the hand-off the form page chose (see
    ``loket.lifecycle.form_setup``); without it, the submission's hand-off key is the type.
    """
    school = submission.organisation
    user = submission.user
    answers = dict(submission.answers or {})
    labels = list(submission.labels or [])
    submitted_at = getattr(submission, "submitted_at", None) or timezone.now()

    dossier = None
    leerling_answer = find_leerling_answer(submission)
    if leerling_answer is not None:
        naam, geboortedatum, groep = _parse_leerling(leerling_answer)
        chosen = str(leerling_answer.get("kies") or "")
        dossier = find_or_create_dossier(
            school,
            naam,
            geboortedatum,
            groep,
            user,
            chosen=int(chosen) if chosen.isdigit() else None,
        )

    assignment = (
        ConsulentAssignment.objects.filter(school=school).order_by("pk").select_related("consulent")
    ).first()
    aanvraag = Aanvraag.objects.create(
        reference=services.next_reference(timezone.localdate(submitted_at).year),
        dossier=dossier,
        school=school,
        type=aanvraag_type or submission.handoff,
        form_page=getattr(submission, "page", None),
        form_revision=getattr(submission, "revision", None),
        submission_key=getattr(submission, "key", None),
        answers=answers,
        labels=labels,
        status=Aanvraag.Status.INGEDIEND,
        submitted_by=user,
        consulent=assignment.consulent if assignment else None,
        submitted_at=submitted_at,
        completed_at=submitted_at,
    )
    for stored in _files_of(submission):
        _copy_file(aanvraag, stored, user)
    StatusChange.objects.create(
        aanvraag=aanvraag,
        from_status="",
        to_status=Aanvraag.Status.INGEDIEND,
        by=user,
        role=logboek.acting_role(user, school.pk),
        at=submitted_at,
    )
    logboek.log(LogEntry.Action.INGEDIEND, user, aanvraag=aanvraag)
    hoorrecht.log_at_intake(aanvraag, user)
    # After the files: the parties co-sign the version with them (issue 26).
    ondertekening.request_all(aanvraag, user)
    notifications.notify_consulent(aanvraag, "nieuw")
    documenten.archive_on_commit(aanvraag, documenten.Kind.ONTVANGSTBEVESTIGING)
    return aanvraag


def _copy_file(aanvraag, stored, user):
    """Copy a stored submission file into a bijlage of its own (the engine may clean up)."""
    from loket.models import Bijlage

    source = stored.file
    source.open("rb")
    try:
        bijlage = Bijlage(
            aanvraag=aanvraag,
            field_name=stored.field_name,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=user,
        )
        bijlage.file.save("bijlage", File(source), save=False)
        bijlage.save()
    finally:
        source.close()
    return bijlage


def describe_submission_result(submission):
    """For the form engine's confirmation page and e-mail: the aanvraag's kenmerk and
    url, and who handles it (the school's consulent, else any consulent)."""
    key = getattr(submission, "key", None)
    if key is None:
        return None
    aanvraag = (
        Aanvraag.objects.filter(submission_key=key)
        .select_related("consulent")
        .only("reference", "consulent__first_name", "consulent__last_name", "consulent__email")
        .first()
    )
    if aanvraag is None:
        return None
    if aanvraag.consulent is not None:
        handler = _("%(name)s, consulent van het SWV") % {"name": aanvraag.consulent}
    else:
        handler = _("een consulent van het SWV")
    return {
        "reference": aanvraag.reference,
        "url": aanvraag.get_absolute_url(),
        "handler": handler,
        "overview_url": "/loket/",
        "overview_text": _("Bekijk de aanvraag in het loket"),
    }
