"""Evaluation of granted arrangements (issue 25, "After the besluit").

Why these rules (seed ``kader-top-arrangementen-2025.txt``): the OZA-formulier holds
"plan van aanpak, beschrijving van de inzet en de kosten, tijdspad en
evaluatiemomenten", and "Bij de evaluatie: tot welke duurzame veranderingen het traject
heeft geleid (denk aan klassenmanagement, ondersteuningsstructuur, het vormen van de
"derde ruimte", etc.) en op welke wijze de school inclusiever is geworden". So a granted
arrangement is followed up:

- **Moments** (``plan``, called by the besluit): the dates the commissie set in the
  besluit; else the date the school gave in the field with role *evaluatiedatum* plus
  the end date of the arrangement; else halfway and at the end date, when the end is
  known. A TLV is not an arrangement (it has its own term, ``loket.lifecycle.tlv``).
- **Reminders** (``remind``, the daily job ``evaluatie_herinneren``): one mail
  ``LoketSettings.evaluatie_herinnering_dagen`` before a moment and one when it has
  passed unanswered, each claimed with one conditional UPDATE, so a second run or a
  second scheduler sends nothing. The mail names the kenmerk only.
- **The evaluation** is a loket form like any other, built by the formulierbeheerder,
  whose hand-off is *evaluatie* (``HANDOFF``). The school starts it from the aanvraag
  (``start``: one draft per moment); on submit ``receive`` links the submission to the
  moment and copies its answers, files to the aanvraag's bijlagen. It never becomes an
  aanvraag and never enters the besluit flow.
- Refused (Dutch message, 4xx, nothing saved): an aanvraag not granted, a moment already
  answered, another school's aanvraag, or a dossier under AVG restriction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.fieldroles import answers_by_role
from loket import beperking, logboek
from loket.errors import TransitionError
from loket.lifecycle import notifications
from loket.models import Besluit, Evaluatiemoment, LogEntry, LoketSettings
from loket.types import AanvraagType

HANDOFF = "evaluatie"
ARRANGEMENT_TYPES = (
    AanvraagType.SCHOOLARRANGEMENT,
    AanvraagType.GROEPSARRANGEMENT,
    AanvraagType.INDIVIDUEEL_ARRANGEMENT,
    AanvraagType.TOP_ARRANGEMENT,
    AanvraagType.OZA,
)
# The field names of a copied evaluation file start with this (see ``_copy_files``).
FILE_PREFIX = "evaluatiemoment-"
B = Evaluatiemoment.Bron


def is_evaluated(aanvraag):
    return aanvraag.type in ARRANGEMENT_TYPES


def _date(value):
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def planned_dates(aanvraag, besluit, chosen=()):
    """``(bron, [dates])`` for a granted ``aanvraag``: the besluit's own dates, else the
    form's *evaluatiedatum* with the end date, else halfway and the end date."""
    chosen = sorted({d for d in chosen if d})
    if chosen:
        return B.BESLUIT, chosen
    answers = answers_by_role(aanvraag)
    start = besluit.start_date or _date(answers.get("startdatum"))
    end = besluit.end_date or _date(answers.get("einddatum"))
    from_form = _date(answers.get("evaluatiedatum"))
    if from_form:
        return B.FORMULIER, sorted({from_form, *([end] if end and end > from_form else [])})
    if end and start and end > start:
        return B.STANDAARD, [start + (end - start) / 2, end]
    return B.STANDAARD, [end] if end else []


def check_dates(chosen, start_date):
    """The commissie's evaluation dates: never before the arrangement starts."""
    for value in chosen:
        if value and start_date and value < start_date:
            raise TransitionError(_("Een evaluatiemoment ligt vóór de ingangsdatum."), 400)


def plan(aanvraag, besluit, user, chosen=()):
    """Plan the evaluation moments of a granted arrangement (inside the besluit's
    transaction); one logboek line per moment. Returns the moments made."""
    if not (besluit.is_granted and is_evaluated(aanvraag)):
        return []
    if aanvraag.evaluatiemomenten.exists():
        return []  # planned before (a herziening that grants again keeps them)
    bron, dates = planned_dates(aanvraag, besluit, chosen)
    moments = []
    for due in dates:
        moments.append(Evaluatiemoment.objects.create(aanvraag=aanvraag, due_date=due, bron=bron))
        logboek.log(
            LogEntry.Action.EVALUATIE_GEPLAND,
            user,
            aanvraag=aanvraag,
            detail=_("evaluatiemoment %(datum)s (%(bron)s)")
            % {"datum": due.isoformat(), "bron": B(bron).label.lower()},
        )
    return moments


# --- the school fills in -------------------------------------------------------------


def evaluation_page():
    """The live loket form whose hand-off is *evaluatie* (the first in the tree)."""
    from forms.models import LoketFormPage

    return LoketFormPage.objects.live().filter(handoff=HANDOFF).order_by("path").first()


def _open_moment(aanvraag, moment_pk, user, *, lock=False):
    """The moment ``moment_pk`` of ``aanvraag`` if the school may answer it now."""
    from permissions import policy

    if not policy.is_school_user_of(user, aanvraag.school_id):
        raise TransitionError(_("Alleen de school zelf vult de evaluatie in."), 403)
    besluit = Besluit.objects.filter(aanvraag_id=aanvraag.pk).first()
    if besluit is None or not besluit.is_granted:
        raise TransitionError(
            _("Deze aanvraag is niet toegekend; er is geen evaluatie om in te vullen."), 409
        )
    if beperking.is_restricted(aanvraag.dossier):
        raise TransitionError(_("De verwerking van dit dossier is beperkt (AVG artikel 18)."), 409)
    moments = Evaluatiemoment.objects.filter(aanvraag_id=aanvraag.pk, pk=moment_pk)
    moment = (moments.select_for_update() if lock else moments).first()
    if moment is None:
        raise TransitionError(_("Dit evaluatiemoment bestaat niet."), 404)
    if not moment.is_open:
        raise TransitionError(_("Dit evaluatiemoment is al beantwoord."), 409)
    return moment


def start(aanvraag, moment_pk, user):
    """The draft of the evaluation form for this moment: the one begun before (by
    anyone of the school), else a new one. Returns the ``FormDraft``."""
    from forms import services as form_services
    from forms.models import FormDraft

    page = evaluation_page()
    if page is None:
        raise TransitionError(
            _("Er is nog geen evaluatieformulier. Neem contact op met het SWV."), 409
        )
    with transaction.atomic():
        moment = _open_moment(aanvraag, moment_pk, user, lock=True)
        if moment.draft_key:
            draft = FormDraft.objects.filter(key=moment.draft_key).first()
            if draft is not None:
                return draft
        try:
            draft = form_services.start_draft(user, page, aanvraag.school)
        except PermissionDenied:
            raise TransitionError(
                _("Dit evaluatieformulier is niet voor jouw school."), 403
            ) from None
        moment.draft_key = draft.key
        moment.save(update_fields=["draft_key"])
    return draft


def receive(submission):
    """The form engine's hand-off *evaluatie*: link the submission to the moment its
    draft was started for. Raises (and so rolls the submission back, the draft stays)
    when it answers no open moment of a granted aanvraag of the submitting school."""
    moment = (
        Evaluatiemoment.objects.select_for_update(of=("self",))
        .select_related("aanvraag__dossier")
        .filter(draft_key=submission.key)
        .first()
    )
    if moment is None:
        raise ValidationError(_("Open de evaluatie vanuit de aanvraag in Mijn loket."))
    aanvraag = moment.aanvraag
    if aanvraag.school_id != submission.organisation_id:
        raise ValidationError(_("Deze evaluatie hoort bij een andere school."))
    try:
        _open_moment(aanvraag, moment.pk, submission.user)
    except TransitionError as refused:
        raise ValidationError(refused.message) from None
    moment.status = Evaluatiemoment.Status.ONTVANGEN
    moment.submission_key = submission.key
    moment.answers = dict(submission.answers or {})
    moment.labels = list(submission.labels or [])
    moment.ingediend_door = submission.user
    moment.ontvangen_op = timezone.now()
    moment.save()
    _copy_files(moment, submission)
    logboek.log(
        LogEntry.Action.EVALUATIE_ONTVANGEN,
        submission.user,
        aanvraag=aanvraag,
        detail=_("evaluatie van %(datum)s") % {"datum": moment.due_date.isoformat()},
    )
    notifications.notify_consulent(aanvraag, "evaluatie")
    return moment


def _copy_files(moment, submission):
    """The evaluation's files become bijlagen of the aanvraag (named after the moment),
    so they are kept, exported and deleted with the dossier."""
    from loket.lifecycle.intake import _copy_file

    for stored in submission.files.all():
        stored.field_name = f"{FILE_PREFIX}{moment.pk}-{stored.field_name}"[:100]
        _copy_file(moment.aanvraag, stored, submission.user)


def describe(submission):
    """For the confirmation page and e-mail: the aanvraag the evaluation belongs to."""
    moment = (
        Evaluatiemoment.objects.filter(submission_key=getattr(submission, "key", None))
        .select_related("aanvraag")
        .first()
    )
    if moment is None:
        return None
    return {
        "reference": moment.aanvraag.reference,
        "url": moment.aanvraag.get_absolute_url(),
        "handler": _("de consulent van het SWV"),
        "overview_url": "/loket/",
        "overview_text": _("Bekijk de aanvraag in het loket"),
    }


# --- reminders ---------------------------------------------------------------------------


def _granted_open():
    return Evaluatiemoment.objects.filter(
        status=Evaluatiemoment.Status.OPEN, aanvraag__besluit__uitkomst=Besluit.Uitkomst.TOEGEKEND
    )


def remind(today=None):
    """Send the reminders that are due; returns ``(before, overdue)`` counts.

    Before: an open moment within the configured days, not yet reminded. Overdue: an
    open moment whose date has passed, not yet reminded as overdue (a moment first seen
    when it is already overdue gets only that one)."""
    today = today or timezone.localdate()
    days = LoketSettings.load().evaluatie_herinnering_dagen
    before = _granted_open().filter(
        herinnering_op__isnull=True,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=days),
    )
    overdue = _granted_open().filter(te_laat_herinnering_op__isnull=True, due_date__lt=today)
    sent_before = _send(before, "herinnering_op", "evaluatie_herinnering")
    sent_overdue = _send(overdue, "te_laat_herinnering_op", "evaluatie_te_laat")
    return sent_before, sent_overdue


def _send(candidates, claim_field, kind):
    sent = 0
    for moment in candidates.select_related("aanvraag").iterator():
        with transaction.atomic():
            claimed = Evaluatiemoment.objects.filter(
                pk=moment.pk, status=Evaluatiemoment.Status.OPEN, **{claim_field: None}
            ).update(**{claim_field: timezone.now()})
            if not claimed:
                continue  # answered meanwhile, or another run got there first
            logboek.log(
                LogEntry.Action.EVALUATIE_HERINNERING,
                None,
                aanvraag=moment.aanvraag,
                detail=(
                    _("evaluatie van %(datum)s is te laat")
                    if kind == "evaluatie_te_laat"
                    else _("evaluatie van %(datum)s komt eraan")
                )
                % {"datum": moment.due_date.isoformat()},
            )
            notifications.notify_school(moment.aanvraag, kind)
        sent += 1
    return sent


# --- the SWV reads it ------------------------------------------------------------------------


def mark_read(aanvraag, user, moment_pk):
    """The consulent (or commissie) has read a received evaluation: it leaves the
    work list. The aanvraag is already limited to what ``user`` may see."""
    from accounts.models import Role
    from loket.lifecycle.transitions import require_role

    require_role(user, [Role.CONSULENT, Role.COMMISSIE], _("Alleen het SWV leest evaluaties."))
    updated = Evaluatiemoment.objects.filter(
        aanvraag_id=aanvraag.pk,
        pk=moment_pk,
        status=Evaluatiemoment.Status.ONTVANGEN,
        gelezen_op__isnull=True,
    ).update(gelezen_op=timezone.now(), gelezen_door=user)
    if not updated:
        raise TransitionError(_("Deze evaluatie is niet ontvangen of al gelezen."), 409)
    moment = Evaluatiemoment.objects.get(pk=moment_pk)
    logboek.log(
        LogEntry.Action.EVALUATIE_GELEZEN,
        user,
        aanvraag=aanvraag,
        detail=_("evaluatie van %(datum)s") % {"datum": moment.due_date.isoformat()},
    )


def state(moment, today=None, days=None):
    """What a moment shows: ``ontvangen``, ``te_laat``, ``binnenkort`` or ``gepland``."""
    today = today or timezone.localdate()
    if not moment.is_open:
        return "ontvangen"
    if moment.due_date < today:
        return "te_laat"
    days = LoketSettings.load().evaluatie_herinnering_dagen if days is None else days
    return "binnenkort" if moment.due_date <= today + datetime.timedelta(days=days) else "gepland"


STATE_LABELS = {
    "ontvangen": _("Ontvangen"),
    "te_laat": _("Te laat"),
    "binnenkort": _("Binnenkort"),
    "gepland": _("Gepland"),
}


def moments_for_page(aanvraag, today=None):
    """The moments of ``aanvraag`` for its page (school and SWV), each with ``state``,
    ``state_label`` and ``files`` (the bijlagen copied from its evaluation); two queries."""
    if not is_evaluated(aanvraag):
        return []
    days = LoketSettings.load().evaluatie_herinnering_dagen
    moments = list(
        aanvraag.evaluatiemomenten.select_related(
            "ingediend_door", "gelezen_door", "verplaatst_door"
        )
    )
    files = list(aanvraag.bijlagen.filter(field_name__startswith=FILE_PREFIX)) if moments else []
    for moment in moments:
        moment.state = state(moment, today, days)
        moment.state_label = str(STATE_LABELS[moment.state])
        moment.files = [f for f in files if f.field_name.startswith(f"{FILE_PREFIX}{moment.pk}-")]
    return moments


def is_evaluation_file(bijlage):
    return bijlage.field_name.startswith(FILE_PREFIX)
