"""Internal notes and action items of the SWV on an aanvraag (the memo's consulent
dashboard).

Only SWV staff (consulent, commissie) who may see the aanvraag add or read them;
the school and an externe never see them (no loket or inzage view reads these
models, and the formal documents do not either). The logboek says that a note or
action item was added or completed, never its text: the logboek is the school's
to read.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket import logboek
from loket.errors import TransitionError
from loket.models import Actiepunt, LogEntry, Notitie
from permissions import policy

MAX_NOTE = 5000


def _require_staff_on(user, aanvraag):
    if not policy.is_swv_staff(user) or not policy.can_view_aanvraag(user, aanvraag):
        raise TransitionError(_("Deze aanvraag bestaat niet of is niet van jouw scholen."), 404)


@transaction.atomic
def add_notitie(aanvraag, user, text):
    _require_staff_on(user, aanvraag)
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Schrijf de notitie."), 400)
    if len(text) > MAX_NOTE:
        raise TransitionError(
            _("Een notitie is hoogstens %(max)s tekens.") % {"max": MAX_NOTE}, 400
        )
    notitie = Notitie.objects.create(aanvraag=aanvraag, text=text, author=user)
    logboek.log(LogEntry.Action.NOTITIE, user, aanvraag=aanvraag)
    return notitie


@transaction.atomic
def add_actiepunt(aanvraag, user, text, due_date):
    _require_staff_on(user, aanvraag)
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Schrijf wat er moet gebeuren."), 400)
    if due_date is None:
        raise TransitionError(_("Vul de datum in waarop het klaar moet zijn."), 400)
    actiepunt = Actiepunt.objects.create(
        aanvraag=aanvraag, text=text[:300], due_date=due_date, owner=user
    )
    logboek.log(LogEntry.Action.ACTIEPUNT, user, aanvraag=aanvraag)
    return actiepunt


@transaction.atomic
def complete_actiepunt(aanvraag, user, actiepunt_id):
    """Mark one open action item of this aanvraag as done (any SWV staff member who
    may see the aanvraag: a colleague may finish what another started)."""
    _require_staff_on(user, aanvraag)
    actiepunt = (
        Actiepunt.objects.select_for_update()
        .filter(aanvraag=aanvraag, pk=actiepunt_id, done_at__isnull=True)
        .first()
    )
    if actiepunt is None:
        raise TransitionError(_("Dit actiepunt bestaat niet of is al afgerond."), 404)
    actiepunt.done_at = timezone.now()
    actiepunt.save(update_fields=["done_at"])
    logboek.log(LogEntry.Action.ACTIEPUNT_AFGEROND, user, aanvraag=aanvraag)
    return actiepunt


def for_aanvraag(aanvraag, user):
    """``(notes, action items)`` of an aanvraag for the admin page; empty for anyone
    who is not SWV staff (the caller has already checked the aanvraag itself)."""
    if not policy.is_swv_staff(user):
        return [], []
    notes = list(aanvraag.notities.select_related("author"))
    actions = list(aanvraag.actiepunten.select_related("owner"))
    return notes, actions


def open_actiepunten(user, limit=20):
    """The user's own open action items, earliest due first, on aanvragen they still
    may see (an assignment that ended hides them)."""
    if not policy.is_swv_staff(user):
        return []
    visible = policy.aanvragen_visible_to(user).values("pk")
    return list(
        Actiepunt.objects.filter(owner=user, done_at__isnull=True, aanvraag_id__in=visible)
        .select_related("aanvraag")
        .order_by("due_date", "pk")[:limit]
    )
