"""Archiveren: the school closes a dossier when the SWV is no longer involved.

Rules (DESIGN.md, seed ``nieuwsbrief-top-dossier-veelgestelde-vragen.txt``: “na het
aanvragen van een TLV voor gespecialiseerd onderwijs minimaal een werkweek te
wachten met archiveren”):

- not while an aanvraag in the dossier is open;
- not earlier than five *working* days after a TLV aanvraag; weekends and Dutch
  public holidays (the maintained ``holidays`` package, country NL) do not count.

An archived dossier is read-only everywhere (``require_not_archived``); inzage can
still be granted, and only an archived dossier can be transferred (``loket.dossiers.transfer``).
"""

from datetime import timedelta
from functools import lru_cache

import holidays
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import logboek
from loket.errors import TransitionError
from loket.models import Aanvraag, Dossier, LogEntry
from loket.types import AanvraagType
from permissions import policy

WAIT_WORKING_DAYS = 5
SWV_STAFF = (Role.CONSULENT, Role.COMMISSIE, Role.BEHEERDER)


@lru_cache(maxsize=32)
def _holidays(year):
    return holidays.country_holidays("NL", years=year)


def is_working_day(day):
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day, count):
    """The date ``count`` working days after ``day`` (weekends and NL holidays skipped)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def earliest_archive_date(dossier):
    """The first day the dossier may be archived as far as TLV aanvragen go, or None."""
    last_tlv = (
        dossier.aanvragen.filter(type__in=[AanvraagType.TLV, AanvraagType.TLV_VERLENGING])
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if last_tlv is None:
        return None
    return add_working_days(timezone.localdate(last_tlv), WAIT_WORKING_DAYS)


def require_not_archived(dossier_or_id):
    """Refuse a change to anything in an archived dossier (read-only everywhere)."""
    if dossier_or_id is None:
        return
    dossier_id = getattr(dossier_or_id, "pk", dossier_or_id)
    if Dossier.objects.filter(pk=dossier_id, status=Dossier.Status.GEARCHIVEERD).exists():
        raise TransitionError(_("Dit dossier is gearchiveerd en kan niet meer worden gewijzigd."))


def may_archive(user, dossier):
    """The school of the dossier (dossierverantwoordelijk), or SWV staff who see it."""
    if user.is_superuser or policy.has_role(user, *SWV_STAFF):
        return policy.can_view_dossier(user, dossier)
    return policy.is_school_user_of(user, dossier.school_id)


def archive_dossier(dossier, user):
    """Archiveren. Raises ``TransitionError`` with the Dutch reason when refused."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not may_archive(user, dossier):
            raise TransitionError(_("Dit dossier bestaat niet of is niet van jouw school."), 404)
        if dossier.is_archived:
            raise TransitionError(_("Dit dossier is al gearchiveerd."))
        if dossier.aanvragen.filter(status__in=Aanvraag.OPEN_STATUSES).exists():
            raise TransitionError(
                _("Er loopt nog een aanvraag in dit dossier; archiveer na het besluit.")
            )
        earliest = earliest_archive_date(dossier)
        if earliest and earliest > timezone.localdate():
            raise TransitionError(
                _(
                    "Een dossier met een TLV-aanvraag archiveer je pas vijf werkdagen "
                    "na de aanvraag (weekend en feestdagen tellen niet mee): "
                    "vanaf %(date)s."
                )
                % {"date": earliest.strftime("%d-%m-%Y")}
            )
        dossier.status = Dossier.Status.GEARCHIVEERD
        dossier.archived_at = timezone.now()
        dossier.save(update_fields=["status", "archived_at"])
        logboek.log(LogEntry.Action.GEARCHIVEERD, user, dossier=dossier)
    return dossier
