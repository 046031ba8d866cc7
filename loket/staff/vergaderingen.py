"""Vergaderingen of the commissie: planning aanvragen that are ready for a besluit
on a meeting date, postponing them to a later one, the notulen per agendapunt, and
the agenda the commissie works from.

Rules:
- only the commissie creates vergaderingen, plans, postpones or unplans aanvragen
  and writes notulen;
- an aanvraag is ready for a besluit when ``decide`` would accept it (in
  behandeling or aangevuld); it has at most one current (geagendeerd) agendapunt;
- postponing keeps the history: the old agendapunt becomes ``uitgesteld`` and points
  at the new one (``moved_to``); only to a later vergadering that has not been, never
  to the same one, never an agendapunt that was already behandeld or uitgesteld;
- a besluit marks the current agendapunt ``behandeld`` (``lifecycle.besluit``);
- a vergadering in the past takes no new aanvragen;
- notulen are the commissie's own working notes: read and written by the commissie
  only, never in a mail, and the logboek records only that they changed;
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


NOTULEN_MAX = 10_000


def _lock_ready(aanvraag, user):
    """The aanvraag row locked: every change to its agendapunten goes through this
    lock, so two staff at once are served one after the other."""
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if not policy.can_view_aanvraag(user, aanvraag):
        raise TransitionError(_("Deze aanvraag bestaat niet."), 404)
    if aanvraag.status not in READY:
        raise TransitionError(
            _("Alleen een aanvraag die klaar is voor een besluit kan op de agenda."), 409
        )
    return aanvraag


def _require_upcoming(vergadering):
    if vergadering.date < timezone.localdate():
        raise TransitionError(_("Deze vergadering is al geweest; kies een andere."), 400)


def current(aanvraag):
    """The agendapunt the aanvraag is on now (geagendeerd), or None."""
    return (
        Agendapunt.objects.filter(aanvraag=aanvraag, status=Agendapunt.Status.GEAGENDEERD)
        .select_related("vergadering")
        .first()
    )


def _day(vergadering):
    """The logboek names the date only: a title is free text typed by staff."""
    from django.utils import formats

    return formats.date_format(vergadering.date, "j F Y")


@transaction.atomic
def plan(aanvraag, user, vergadering):
    """Put a ready aanvraag on the agenda of ``vergadering``; one that is on an agenda
    already is postponed to it (same rules as ``postpone``)."""
    _require_commissie(user)
    aanvraag = _lock_ready(aanvraag, user)
    punt = current(aanvraag)
    if punt is not None:
        return postpone(punt, user, vergadering)
    _require_upcoming(vergadering)
    if Agendapunt.objects.filter(aanvraag=aanvraag, vergadering=vergadering).exists():
        raise TransitionError(_("Deze aanvraag stond al op de agenda van die vergadering."), 409)
    new = Agendapunt.objects.create(aanvraag=aanvraag, vergadering=vergadering, planned_by=user)
    # Taken off an agenda after a postponement: the old item now points here again.
    earlier = (
        Agendapunt.objects.filter(
            aanvraag=aanvraag, status=Agendapunt.Status.UITGESTELD, moved_to__isnull=True
        )
        .order_by("-planned_at", "-pk")
        .first()
    )
    if earlier is not None:
        earlier.moved_to = new
        earlier.save(update_fields=["moved_to"])
    logboek.log(LogEntry.Action.GEAGENDEERD, user, aanvraag=aanvraag, detail=_day(vergadering))
    return vergadering


@transaction.atomic
def postpone(punt, user, vergadering):
    """Move ``punt`` to the later ``vergadering``: the old agendapunt stays as
    ``uitgesteld`` (the aanvraag keeps its history) and points at the new one.

    The aanvraag row is locked first, then the agendapunt is read again: a second
    request for the same agendapunt finds it uitgesteld and is refused (409), so
    two staff at once never create two next items.
    """
    _require_commissie(user)
    aanvraag = _lock_ready(punt.aanvraag, user)
    punt = Agendapunt.objects.select_for_update().select_related("vergadering").get(pk=punt.pk)
    if punt.aanvraag_id != aanvraag.pk:
        raise TransitionError(_("Dit agendapunt bestaat niet."), 404)
    if punt.status == Agendapunt.Status.BEHANDELD:
        raise TransitionError(_("Dit agendapunt is al behandeld; uitstellen kan niet meer."), 409)
    if punt.status == Agendapunt.Status.UITGESTELD:
        raise TransitionError(_("Dit agendapunt is al uitgesteld."), 409)
    if vergadering.pk == punt.vergadering_id:
        raise TransitionError(_("De aanvraag staat al op deze vergadering; kies een latere."), 400)
    _require_upcoming(vergadering)
    if vergadering.date < punt.vergadering.date:
        raise TransitionError(_("Uitstellen kan alleen naar een latere vergadering."), 400)
    if Agendapunt.objects.filter(aanvraag=aanvraag, vergadering=vergadering).exists():
        raise TransitionError(_("Deze aanvraag stond al op de agenda van die vergadering."), 409)
    punt.status = Agendapunt.Status.UITGESTELD
    punt.save(update_fields=["status"])
    new = Agendapunt.objects.create(aanvraag=aanvraag, vergadering=vergadering, planned_by=user)
    punt.moved_to = new
    punt.save(update_fields=["moved_to"])
    logboek.log(LogEntry.Action.UITGESTELD, user, aanvraag=aanvraag, detail=_day(vergadering))
    return vergadering


@transaction.atomic
def unplan(aanvraag, user):
    """Take the aanvraag off its current agenda; its history (uitgesteld) stays."""
    _require_commissie(user)
    deleted, _rows = Agendapunt.objects.filter(
        aanvraag=aanvraag, status=Agendapunt.Status.GEAGENDEERD
    ).delete()
    if not deleted:
        raise TransitionError(_("Deze aanvraag staat niet op een agenda."), 404)


def sees_notulen(user):
    """The commissie only: not the superuser, consulent, beheerder, school or externe."""
    return policy.has_role(user, Role.COMMISSIE)


@transaction.atomic
def save_notulen(punt, user, text):
    """Store the notulen of one agendapunt; the logboek gets the fact, not the text."""
    if not sees_notulen(user):
        raise TransitionError(_("Alleen de commissie schrijft notulen."), 403)
    punt = (
        Agendapunt.objects.select_for_update()
        .select_related("aanvraag", "vergadering")
        .get(pk=punt.pk)
    )
    if not policy.can_view_aanvraag(user, punt.aanvraag):
        raise TransitionError(_("Dit agendapunt bestaat niet."), 404)
    text = (text or "").strip()
    if len(text) > NOTULEN_MAX:
        raise TransitionError(
            _("De notulen zijn te lang (hoogstens %(n)s tekens).") % {"n": NOTULEN_MAX}, 400
        )
    if text == punt.notulen:
        return punt
    punt.notulen = text
    punt.notulen_at = timezone.now()
    punt.save(update_fields=["notulen", "notulen_at"])
    logboek.log(
        LogEntry.Action.NOTULEN, user, aanvraag=punt.aanvraag, detail=_day(punt.vergadering)
    )
    return punt


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
                agendapunten__aanvraag_id__in=visible,
                agendapunten__status=Agendapunt.Status.GEAGENDEERD,
                agendapunten__aanvraag__status__in=READY,
            ),
        ),
    )


def agenda(user, vergadering):
    """The agendapunten of ``vergadering`` the user may see, each with its aanvraag
    (annotated with what the rows show), in the order they were planned; two queries."""
    from loket.staff import werkvoorraad

    visible = policy.aanvragen_visible_to(user)
    aanvragen = {
        a.pk: a
        for a in werkvoorraad.with_actie(
            visible.filter(agendapunten__vergadering=vergadering)
            .select_related("school", "consulent", "dossier__leerling", "besluit")
            .defer("answers", "labels")
        )
    }
    punten = (
        Agendapunt.objects.filter(vergadering=vergadering, aanvraag_id__in=list(aanvragen))
        .select_related("moved_to__vergadering", "moved_from__vergadering")
        .order_by("planned_at", "pk")
    )
    return [(punt, aanvragen[punt.aanvraag_id]) for punt in punten]


def history(aanvraag):
    """Every agendapunt the aanvraag had, oldest first (the detail page's history)."""
    return list(
        Agendapunt.objects.filter(aanvraag=aanvraag)
        .select_related("vergadering", "moved_to__vergadering")
        .order_by("planned_at", "pk")
    )


def ready_unplanned(user, limit=100):
    """Aanvragen the user may see that are ready for a besluit and on no agenda yet,
    longest waiting first (one query)."""
    return list(
        policy.aanvragen_visible_to(user)
        .filter(status__in=READY)
        .exclude(agendapunten__status=Agendapunt.Status.GEAGENDEERD)
        .select_related("school", "consulent", "dossier__leerling")
        .defer("answers", "labels")
        .order_by("completed_at", "pk")[:limit]
    )
