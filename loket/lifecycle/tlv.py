"""TLV terms: when a toelaatbaarheidsverklaring ends, when the school must ask again,
the reminder, and the link from a TLV-verlenging to the TLV it extends.

Why these rules (issue 25, DESIGN "TLV category and term"):

- A TLV runs to the end of a school year: the default end date is 31 July of the
  last school year of the granted period (``default_end``; one school year unless the
  commissie grants more). The commissie may set another end date, but never before
  the start (``check_term``); the seeds give no further rule, so none is invented.
- The SWV asks a re-request (verlenging) before a day in the last school year
  (``LoketSettings``: default 15 April); the school gets *one* reminder
  ``tlv_herinnering_weken`` before it (``remind``, run daily by the scheduler). The
  reminder is claimed with one conditional UPDATE, so a second run or a second
  scheduler sends nothing. The mail names the kenmerk and a link, never the pupil.
- A verlenging links to a granted TLV of the same pupil at the same school
  (``link_verlenging``); anything else is refused with a Dutch 4xx.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import logboek
from loket.errors import TransitionError
from loket.leerlingen.schooljaren import last_day, school_year
from loket.lifecycle import notifications
from loket.models import Aanvraag, Besluit, LogEntry, LoketSettings
from loket.types import AanvraagType

TLV_TYPES = (AanvraagType.TLV, AanvraagType.TLV_VERLENGING)


def is_tlv(aanvraag):
    return aanvraag.type in TLV_TYPES


def default_end(start, years=1):
    """31 July of the last school year of a TLV that starts on ``start`` and runs
    ``years`` school years (the school year of the start counts as the first)."""
    return last_day(school_year(start) + max(years, 1) - 1)


def default_start(aanvraag, today=None):
    """A verlenging starts the day after the TLV it extends ends; a new TLV today."""
    besluit = getattr(aanvraag, "verlengt", None)
    if besluit is not None and besluit.end_date:
        return besluit.end_date + datetime.timedelta(days=1)
    return today or timezone.localdate()


def check_term(start, end):
    """Refuse a term the commissie cannot grant (Dutch message, 400)."""
    if not start or not end:
        raise TransitionError(_("Vul de ingangs- en einddatum in."), 400)
    if end < start:
        raise TransitionError(_("De einddatum ligt vóór de ingangsdatum."), 400)


def heraanvraag_date(end_date, settings_row=None):
    """The day before which the school must ask a verlenging of a TLV ending on
    ``end_date``: the configured day and month in the school year ``end_date`` falls in
    (29 February becomes 28 February in a year without it). Never after the end date."""
    settings_row = settings_row or LoketSettings.load()
    year = school_year(end_date) + 1  # the months January-July of that school year
    month, day = settings_row.tlv_heraanvraag_maand, settings_row.tlv_heraanvraag_dag
    while True:
        try:
            candidate = datetime.date(year, month, day)
            break
        except ValueError:
            day -= 1
    return min(candidate, end_date)


def reminder_date(end_date, settings_row=None):
    """The day the school gets its one reminder for a TLV ending on ``end_date``."""
    settings_row = settings_row or LoketSettings.load()
    weeks = settings_row.tlv_herinnering_weken
    return heraanvraag_date(end_date, settings_row) - datetime.timedelta(weeks=weeks)


def granted_tlvs():
    return Besluit.objects.filter(
        uitkomst=Besluit.Uitkomst.TOEGEKEND,
        aanvraag__type__in=TLV_TYPES,
        end_date__isnull=False,
    )


def ending(aanvragen, months=6, today=None):
    """Granted TLVs among ``aanvragen`` (a policy-limited queryset) that end within
    ``months`` from ``today`` (not yet ended), soonest first; one query."""
    today = today or timezone.localdate()
    until = today + relativedelta(months=months)
    return (
        granted_tlvs()
        .filter(aanvraag__in=aanvragen, end_date__gte=today, end_date__lte=until)
        .select_related("aanvraag__school", "aanvraag__dossier__leerling")
        .order_by("end_date", "pk")
    )


def _extended(besluit_ids):
    """Ids of the TLVs a verlenging was asked for (and not withdrawn)."""
    return set(
        Aanvraag.objects.filter(verlengt_id__in=besluit_ids)
        .exclude(status=Aanvraag.Status.INGETROKKEN)
        .values_list("verlengt_id", flat=True)
    )


def with_verlenging(besluiten):
    """``besluiten`` as a list, each with ``verlenging_gevraagd`` set; one extra query."""
    rows = list(besluiten)
    asked = _extended([b.pk for b in rows])
    for row in rows:
        row.verlenging_gevraagd = row.pk in asked
    return rows


def remind(today=None):
    """Send the reminders that are due; returns how many. Idempotent per TLV.

    Due: a granted TLV not yet ended whose reminder date has come, no reminder sent
    yet, and no verlenging asked for it (a school that already asked needs none)."""
    today = today or timezone.localdate()
    settings_row = LoketSettings.load()
    candidates = granted_tlvs().filter(tlv_herinnering_op__isnull=True, end_date__gte=today)
    candidates = candidates.exclude(
        pk__in=Aanvraag.objects.filter(verlengt__isnull=False)
        .exclude(status=Aanvraag.Status.INGETROKKEN)
        .values("verlengt_id")
    ).select_related("aanvraag")
    sent = 0
    for besluit in candidates.iterator():
        if reminder_date(besluit.end_date, settings_row) > today:
            continue
        with transaction.atomic():
            claimed = Besluit.objects.filter(pk=besluit.pk, tlv_herinnering_op__isnull=True).update(
                tlv_herinnering_op=timezone.now()
            )
            if not claimed:
                continue  # another run got there first
            logboek.log(
                LogEntry.Action.TLV_HERINNERING,
                None,
                aanvraag=besluit.aanvraag,
                detail=_("herinnering heraanvraag TLV (einddatum %(eind)s)")
                % {"eind": besluit.end_date.isoformat()},
            )
            notifications.notify_school(besluit.aanvraag, "tlv_herinnering")
        sent += 1
    return sent


def choosable_tlvs(aanvraag):
    """The granted TLVs a verlenging ``aanvraag`` may extend: of the same pupil, at
    the same school, not the aanvraag itself."""
    if aanvraag.dossier_id is None:
        return Besluit.objects.none()
    return (
        granted_tlvs()
        .filter(
            aanvraag__school_id=aanvraag.school_id,
            aanvraag__dossier__leerling_id=aanvraag.dossier.leerling_id,
        )
        .exclude(aanvraag_id=aanvraag.pk)
        .select_related("aanvraag")
        .order_by("-end_date", "-pk")
    )


def link_verlenging(aanvraag, user, besluit_id):
    """The school names the TLV its open verlenging extends (or changes it)."""
    from permissions import policy

    if not policy.has_role(user, Role.SCHOOLGEBRUIKER):
        raise TransitionError(_("Alleen de school kiest welke TLV zij laat verlengen."), 403)
    if aanvraag.type != AanvraagType.TLV_VERLENGING:
        raise TransitionError(_("Alleen een TLV-verlenging verlengt een TLV."), 400)
    if not aanvraag.is_open:
        raise TransitionError(_("Deze aanvraag is al afgehandeld; de TLV ligt vast."), 409)
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        besluit = choosable_tlvs(aanvraag).filter(pk=besluit_id).first()
        if besluit is None:
            raise TransitionError(
                _("Kies een toegekende TLV van deze leerling op jullie school."), 400
            )
        aanvraag.verlengt = besluit
        aanvraag.save(update_fields=["verlengt", "updated_at"])
        logboek.log(
            LogEntry.Action.TLV_VERLENGT,
            user,
            aanvraag=aanvraag,
            detail=_("verlengt TLV %(ref)s") % {"ref": besluit.aanvraag.reference},
        )
    return besluit


def term_facts(aanvraag):
    """What the aanvraag pages (school and SWV) show of a TLV's term: the TLV this
    verlenging extends, this TLV's end and re-request date, and the verlengingen asked
    for it. None for other types. At most three small queries."""
    if not is_tlv(aanvraag):
        return None
    besluit = getattr(aanvraag, "besluit", None)
    granted = besluit is not None and besluit.is_granted and besluit.end_date
    verlengt = aanvraag.verlengt if aanvraag.verlengt_id else None
    return {
        "verlengt": verlengt,
        "verlengt_ref": verlengt.aanvraag.reference if verlengt else "",
        "besluit": besluit if granted else None,
        "heraanvraag": heraanvraag_date(besluit.end_date) if granted else None,
        "verlengingen": list(
            Aanvraag.objects.filter(verlengt=besluit)
            .exclude(status=Aanvraag.Status.INGETROKKEN)
            .only("reference", "status")
        )
        if granted
        else [],
    }
