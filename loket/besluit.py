"""The commissie's besluit on an aanvraag, and what the besluit form starts from.

``decide`` is the last transition of the status machine (``loket.transitions``);
granting a TOP-arrangement books its SWV share in the ledger (``loket.ledger``).
``requested_amounts`` reads the defaults of the besluit form from the school's
answers: the field names it reads are the three constants below.
"""

import contextlib
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from forms.fieldroles import answers_by_role
from loket.types import AanvraagType

from . import logboek, notifications
from .errors import TransitionError
from .instemming import check_instemming_for_besluit
from .ledger import book_top_grant, top_cap_warnings
from .models import Aanvraag, Besluit, LogEntry, LoketSettings
from .transitions import S, lock, move, require_role, require_status, require_visible


def decide(
    aanvraag,
    user,
    *,
    uitkomst,
    motivering,
    tlv_categorie=None,
    start_date=None,
    end_date=None,
    amount=None,
):
    """Besluit vastleggen (commissie only). Returns ``(besluit, warnings)``.

    Granting a TOP-arrangement books the SWV share against the budget of the
    year it starts in (``book_top_grant``); if that does not fit, nothing is
    decided and the commissie gets the reason.
    """
    require_role(user, [Role.COMMISSIE], _("Alleen de commissie legt een besluit vast."))
    motivering = (motivering or "").strip()
    if not motivering:
        raise TransitionError(_("Schrijf de motivering van het besluit."), 400)
    if uitkomst not in Besluit.Uitkomst.values:
        raise TransitionError(_("Kies toekennen of afwijzen."), 400)
    granted = uitkomst == Besluit.Uitkomst.TOEGEKEND
    warnings = []
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        require_status(aanvraag, [S.IN_BEHANDELING, S.AANGEVULD], _("een besluit vastleggen"))
        check_instemming_for_besluit(aanvraag)
        if granted:
            _check_grant_fields(aanvraag, tlv_categorie, start_date, end_date, amount)
        besluit = Besluit.objects.create(
            aanvraag=aanvraag,
            uitkomst=uitkomst,
            motivering=motivering,
            tlv_categorie=tlv_categorie if granted else None,
            start_date=start_date if granted else None,
            end_date=end_date if granted else None,
            amount=amount if granted else None,
            decided_by=user,
        )
        if granted and aanvraag.type == AanvraagType.TOP_ARRANGEMENT:
            warnings += top_cap_warnings(aanvraag.school_id, start_date.year)
            book_top_grant(aanvraag, besluit, user)
        logboek.log(
            LogEntry.Action.BESLUIT, user, aanvraag=aanvraag, detail=besluit.get_uitkomst_display()
        )
        # One e-mail for the besluit, not a second one for the status it brings.
        move(aanvraag, user, S.BESLOTEN, notify=False)
        notifications.notify_school(aanvraag, "besluit")
    return besluit, warnings


def _check_grant_fields(aanvraag, tlv_categorie, start_date, end_date, amount):
    is_tlv = aanvraag.type in (AanvraagType.TLV, AanvraagType.TLV_VERLENGING)
    if is_tlv and tlv_categorie not in (1, 2, 3):
        raise TransitionError(_("Kies de TLV-categorie (1, 2 of 3)."), 400)
    if not start_date or not end_date:
        raise TransitionError(_("Vul de ingangs- en einddatum in."), 400)
    if end_date < start_date:
        raise TransitionError(_("De einddatum ligt vóór de ingangsdatum."), 400)
    if not is_tlv and aanvraag.type != AanvraagType.OVERIG and (amount is None or amount <= 0):
        raise TransitionError(_("Vul het toegekende bedrag in."), 400)
    if aanvraag.type == AanvraagType.TOP_ARRANGEMENT:
        maximum = LoketSettings.load().top_max_amount
        if maximum is not None and amount > maximum:
            raise TransitionError(
                _("Het bedrag is hoger dan het maximum voor een TOP-arrangement (€ %(max)s).")
                % {"max": maximum},
                400,
            )


# --- defaults of the besluit form -------------------------------------------------


def requested_amounts(aanvraag):
    """What the school asked for, read by field role from its answers: ``total``
    (role "totaalbedrag"), ``bestuur`` ("bestuursdeel", its board's share) and
    ``start_date`` ("startdatum"); missing or unreadable values are left out.

    By role, never by field name: an editor may rename a field in a new revision.
    Used as defaults of the besluit form; the commissie decides the real amount.
    """
    answers = answers_by_role(aanvraag)
    result = {}
    for key, role in (("total", "totaalbedrag"), ("bestuur", "bestuursdeel")):
        try:
            value = Decimal(str(answers.get(role)))
        except (InvalidOperation, ValueError):
            continue
        if value.is_finite() and value > 0:
            result[key] = value.quantize(Decimal("0.01"))
    with contextlib.suppress(ValueError):
        result["start_date"] = date.fromisoformat(str(answers.get("startdatum")))
    return result


# --- overdue ------------------------------------------------------------------------


def overdue_aanvragen(queryset=None):
    """Complete aanvragen without besluit for longer than the configured weeks."""
    weeks = LoketSettings.load().overdue_weeks
    limit = timezone.now() - timedelta(weeks=weeks)
    queryset = queryset if queryset is not None else Aanvraag.objects.all()
    return queryset.filter(
        status__in=[S.INGEDIEND, S.IN_BEHANDELING, S.AANGEVULD], completed_at__lt=limit
    )
