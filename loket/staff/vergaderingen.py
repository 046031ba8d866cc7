"""Vergaderingen of the commissie: planning aanvragen that are ready for a besluit
on a meeting date, and the agenda the commissie works from.

Rules:
- only the commissie creates vergaderingen and plans or unplans aanvragen;
- an aanvraag is ready for a besluit when ``decide`` would accept it (in
  behandeling or aangevuld); it is on at most one agenda at a time (planning it
  again moves it);
- a vergadering in the past takes no new aanvragen;
- the agenda shows each user only the aanvragen they may see (``permissions.policy``),
  so a consulent sees when the aanvragen of their schools are on it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import logboek
from loket.errors import TransitionError
from loket.lifecycle.transitions import require_role
from loket.models import Aanvraag, Agendapunt, LogEntry, Vergadering
from permissions import policy

READY = (Aanvraag.Status.IN_BEHANDELING, Aanvraag.Status.AANGEVULD)


def _require_commissie(user):
    require_role(user, [Role.COMMISSIE], _("Alleen de commissie plant vergaderingen."))


def create_vergadering(user, date, title=""):
    _require_commissie(user)
    if date < timezone.localdate():
        raise TransitionError(_("Een nieuwe vergadering ligt niet in het verleden."), 400)
    return Vergadering.objects.create(date=date, title=(title or "").strip()[:200], created_by=user)


def upcoming():
    return Vergadering.objects.filter(date__gte=timezone.localdate()).order_by("date", "pk")


@transaction.atomic
def plan(aanvraag, user, vergadering):
    """Put a ready aanvraag on the agenda of ``vergadering`` (moving it if planned)."""
    _require_commissie(user)
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if not policy.can_view_aanvraag(user, aanvraag):
        raise TransitionError(_("Deze aanvraag bestaat niet."), 404)
    if aanvraag.status not in READY:
        raise TransitionError(
            _("Alleen een aanvraag die klaar is voor een besluit kan op de agenda."), 409
        )
    if vergadering.date < timezone.localdate():
        raise TransitionError(_("Deze vergadering is al geweest; kies een andere."), 400)
    Agendapunt.objects.update_or_create(
        aanvraag=aanvraag, defaults={"vergadering": vergadering, "planned_by": user}
    )
    logboek.log(LogEntry.Action.GEAGENDEERD, user, aanvraag=aanvraag, detail=str(vergadering))
    return vergadering


@transaction.atomic
def unplan(aanvraag, user):
    _require_commissie(user)
    deleted, _rows = Agendapunt.objects.filter(aanvraag=aanvraag).delete()
    if not deleted:
        raise TransitionError(_("Deze aanvraag staat niet op een agenda."), 404)


def vergaderingen_for(user):
    """Upcoming and recent vergaderingen (four weeks back), each with the number of
    agendapunten the user may see; two queries whatever their number."""
    from datetime import timedelta

    from django.db.models import Count, Q

    visible = policy.aanvragen_visible_to(user).values("pk")
    since = timezone.localdate() - timedelta(weeks=4)
    return Vergadering.objects.filter(date__gte=since).annotate(
        aantal=Count("agendapunten", filter=Q(agendapunten__aanvraag_id__in=visible)),
        open=Count(
            "agendapunten",
            filter=Q(
                agendapunten__aanvraag_id__in=visible, agendapunten__aanvraag__status__in=READY
            ),
        ),
    )


def agenda(user, vergadering):
    """The agendapunten of ``vergadering`` the user may see, with what the rows show."""
    from loket.staff import werkvoorraad

    visible = policy.aanvragen_visible_to(user)
    aanvragen = werkvoorraad.with_actie(
        visible.filter(agendapunt__vergadering=vergadering)
        .select_related("school", "consulent", "dossier__leerling", "besluit")
        .defer("answers", "labels")
    ).order_by("agendapunt__planned_at", "pk")
    return list(aanvragen)


def ready_unplanned(user, limit=100):
    """Aanvragen the user may see that are ready for a besluit and on no agenda yet,
    longest waiting first (one query)."""
    return list(
        policy.aanvragen_visible_to(user)
        .filter(status__in=READY, agendapunt__isnull=True)
        .select_related("school", "consulent", "dossier__leerling")
        .defer("answers", "labels")
        .order_by("completed_at", "pk")[:limit]
    )
