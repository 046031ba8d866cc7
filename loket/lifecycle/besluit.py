"""The commissie's besluit on an aanvraag, and what the besluit form starts from.

``decide`` is the last transition of the status machine (``loket.lifecycle.transitions``);
granting a TOP-arrangement books its SWV share in the ledger (``loket.lifecycle.ledger``).
``requested_amounts`` reads the defaults of the besluit form from the school's
answers: the field names it reads are the three constants below.
"""

import contextlib
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from forms.fieldroles import answers_by_role
from loket import logboek
from loket.errors import TransitionError
from loket.instemming.vereist import check_instemming_for_besluit, check_signatures_for_besluit
from loket.lifecycle import documenten, evaluatie, notifications, tlv
from loket.lifecycle.ledger import book_top_grant, school_count_in_year
from loket.lifecycle.transitions import S, lock, move, require_role, require_status, require_visible
from loket.models import (
    Aanvraag,
    Agendapunt,
    Besluit,
    LogEntry,
    LoketSettings,
    TopBudget,
)
from loket.types import AanvraagType


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
    override=False,
    override_reason="",
    zonder_ondertekening=False,
    zonder_ondertekening_reden="",
    evaluatiedata=(),
):
    """Besluit vastleggen (commissie only). Returns ``(besluit, warnings)``.

    Granting a TOP-arrangement books the SWV share against the budgets of the
    calendar years it runs in (``book_top_grant``); if a year has no budget or it
    does not fit, nothing is decided and the commissie gets the reason. A grant
    above a maximum (``limit_breaches``: the hourly rate, the TOP maximum amount,
    the number per school) is refused
    unless the commissie explicitly overrides with a reason; the reason is kept
    on the besluit and the override is a line of its own in the logboek.

    The same holds for the form's mede-ondertekenaars (``check_signatures_for_besluit``):
    without all signatures on the current version the commissie decides only with
    ``zonder_ondertekening`` and a reason; the logboek names the missing parties.

    A granted arrangement gets its evaluation moments (``evaluatie.plan``): the
    ``evaluatiedata`` the commissie gives, else those of the form or the default.
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
        breaches = []
        check_instemming_for_besluit(aanvraag)
        cosign_reason = (zonder_ondertekening_reden or "").strip() if zonder_ondertekening else ""
        unsigned = check_signatures_for_besluit(aanvraag, cosign_reason)
        if granted and tlv.is_tlv(aanvraag) and start_date and not end_date:
            end_date = tlv.default_end(start_date)  # 31 July of the (last) school year
        if granted:
            _check_grant_fields(aanvraag, tlv_categorie, start_date, end_date, amount)
            breaches = limit_breaches(aanvraag, start_date, amount=amount)
            evaluatie.check_dates(evaluatiedata, start_date)
        override_reason = require_override(breaches, override, override_reason)
        besluit = Besluit.objects.create(
            aanvraag=aanvraag,
            uitkomst=uitkomst,
            motivering=motivering,
            tlv_categorie=tlv_categorie if granted else None,
            start_date=start_date if granted else None,
            end_date=end_date if granted else None,
            amount=amount if granted else None,
            override_reason=override_reason if breaches else "",
            ondertekening_afwijking=cosign_reason if unsigned else "",
            decided_by=user,
        )
        if granted and aanvraag.type == AanvraagType.TOP_ARRANGEMENT:
            book_top_grant(aanvraag, besluit, user)
        evaluatie.plan(aanvraag, besluit, user, evaluatiedata)
        # Decided: the agendapunt it was on is dealt with and can no longer be postponed.
        Agendapunt.objects.filter(aanvraag=aanvraag, status=Agendapunt.Status.GEAGENDEERD).update(
            status=Agendapunt.Status.BEHANDELD
        )
        logboek.log(
            LogEntry.Action.BESLUIT, user, aanvraag=aanvraag, detail=besluit.get_uitkomst_display()
        )
        if breaches:
            # Which maximum, never the reason itself (free text stays on the besluit).
            logboek.log(
                LogEntry.Action.AFWIJKING, user, aanvraag=aanvraag, detail=" ".join(breaches)
            )
            warnings.append(_("Toegekend met afwijking van een maximum; de reden is vastgelegd."))
        if unsigned:
            # Which parties and that a reason was given, never the reason itself: the
            # logboek is append-only and holds no free text (it might name the pupil and
            # could never be corrected); the reason is on the besluit, its page and PDF.
            logboek.log(
                LogEntry.Action.ONDERTEKENING_AFWIJKING,
                user,
                aanvraag=aanvraag,
                detail=_("zonder handtekening van: %(rollen)s; reden vastgelegd bij het besluit")
                % {"rollen": ", ".join(unsigned)},
            )
            warnings.append(_("Besloten zonder alle mede-ondertekeningen; de reden is vastgelegd."))
        # One e-mail for the besluit, not a second one for the status it brings.
        move(aanvraag, user, S.BESLOTEN, notify=False)
        notifications.notify_school(aanvraag, "besluit")
        documenten.archive_on_commit(aanvraag, documenten.Kind.BESLUIT)
    return besluit, warnings


def _check_grant_fields(aanvraag, tlv_categorie, start_date, end_date, amount):
    is_tlv = aanvraag.type in (AanvraagType.TLV, AanvraagType.TLV_VERLENGING)
    if is_tlv and tlv_categorie not in (1, 2, 3):
        raise TransitionError(_("Kies de TLV-categorie (1, 2 of 3)."), 400)
    tlv.check_term(start_date, end_date)
    if not is_tlv and aanvraag.type != AanvraagType.OVERIG and (amount is None or amount <= 0):
        raise TransitionError(_("Vul het toegekende bedrag in."), 400)


# --- maxima that need an explicit override -------------------------------------------


def limit_breaches(aanvraag, start_date, *, amount=None, lock=True):
    """Dutch descriptions of the maxima a grant of ``aanvraag`` goes over.

    * the hourly rate the school asked (field role ``uurtarief``) above
      ``LoketSettings.max_uurtarief``;
    * for a TOP-arrangement, a total ``amount`` above ``LoketSettings.top_max_amount``
      (the kader: "maximaal de kosten van een plaatsing SO/SBO");
    * for a TOP-arrangement, more grants for the school in the start year than
      ``LoketSettings.max_top_per_school_per_year`` (counted with the year's
      budget row locked, so two grants at once cannot both slip under it;
      ``lock=False`` for showing them on the detail page, outside a transaction).
    """
    settings_row = LoketSettings.load()
    breaches = []
    rate = requested_rate(aanvraag)
    maximum = settings_row.max_uurtarief
    if rate is not None and maximum is not None and rate > maximum:
        breaches.append(
            _("Het gevraagde uurtarief (€ %(rate)s) is hoger dan het maximum van € %(max)s.")
            % {"rate": _euro(rate), "max": _euro(maximum)}
        )
    is_top = aanvraag.type == AanvraagType.TOP_ARRANGEMENT
    top_max = settings_row.top_max_amount
    if is_top and top_max is not None and amount is not None and amount > top_max:
        breaches.append(
            _(
                "Het bedrag (€ %(amount)s) is hoger dan het maximum voor een "
                "TOP-arrangement van € %(max)s."
            )
            % {"amount": _euro(amount), "max": _euro(top_max)}
        )
    cap = settings_row.max_top_per_school_per_year
    if is_top and cap is not None and start_date:
        if lock:
            TopBudget.objects.select_for_update().filter(year=start_date.year).first()
        count = school_count_in_year(aanvraag.school_id, start_date.year, exclude=aanvraag)
        if count + 1 > cap:
            breaches.append(
                _(
                    "Deze school krijgt hiermee %(n)s TOP-arrangementen in %(year)s; "
                    "het maximum is %(max)s."
                )
                % {"n": count + 1, "year": start_date.year, "max": cap}
            )
    return breaches


def require_override(breaches, override, override_reason):
    """A grant over a maximum only with an explicit override and its reason (also
    used by ``loket.lifecycle.herziening``); returns the reason, stripped."""
    override_reason = (override_reason or "").strip()
    if breaches and not (override and override_reason):
        raise TransitionError(
            " ".join(breaches)
            + " "
            + _("Wil je toch toekennen, kies dan 'Afwijken' en schrijf de reden."),
            400,
        )
    return override_reason


def _euro(value):
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def requested_rate(aanvraag):
    """The hourly rate the school asked (role ``uurtarief``), or None."""
    try:
        value = Decimal(str(answers_by_role(aanvraag).get("uurtarief")))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


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
