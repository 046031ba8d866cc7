"""The TOP-arrangement budget ledger.

* The SWV pays half of a granted TOP-arrangement (``top_share``). That share is
  booked on the budgets of the calendar years the arrangement runs in, in
  proportion to its months (``loket.lifecycle.verdeling``; or all in the start year,
  ``LoketSettings.top_verdeling``). Every year it touches needs a budget, and no
  budget is ever over-committed.
* The ledger is append only. The commissie releases (part of) a booked share with a
  reason (``release``): a negative line in one year, never more than the aanvraag
  still has booked in that year. A herziening makes the ledger follow the new
  decision (``follow_besluit``): per year, what is booked becomes the new share minus
  what was released by hand, never below zero; the difference is a new line.
* Concurrency: every change locks the aanvraag first, then the budget rows of the
  years involved in ascending year order (``_lock_budgets``), so parallel grants,
  releases and herzieningen wait for each other and never deadlock.
* Every line is a line in the logboek: amount and year, never the free text.
* Grants booked before the per-year split (loket migration 0031) are re-booked by
  ``resplit`` (``manage.py top_herverdelen``), as a new grant would be booked.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import logboek
from loket.errors import TransitionError
from loket.lifecycle import verdeling
from loket.lifecycle.transitions import lock, require_role, require_visible
from loket.models import LogEntry, LoketSettings, TopBudget, TopLedgerEntry
from loket.types import AanvraagType

TOP_SWV_SHARE = Decimal("0.50")
ZERO = Decimal("0.00")
Reden = TopLedgerEntry.Reden


def top_share(total):
    """The SWV pays half of a TOP-arrangement; the school board the other half."""
    return (Decimal(total) * TOP_SWV_SHARE).quantize(Decimal("0.01"))


def share_per_year(besluit):
    """``{year: amount}`` of the SWV share of a granted besluit, by the SWV's setting."""
    mode = LoketSettings.load().top_verdeling
    share = top_share(besluit.amount)
    return dict(verdeling.split(share, besluit.start_date, besluit.end_date, mode))


def net_by_year(aanvraag, *, by_hand=None):
    """``{year: booked}`` for ``aanvraag``: the sum of its lines per year. With
    ``by_hand=True`` only the releases the commissie made by hand."""
    lines = TopLedgerEntry.objects.filter(aanvraag=aanvraag)
    if by_hand is not None:
        lines = lines.filter(door_besluit=not by_hand)
    rows = lines.order_by().values_list("budget__year").annotate(total=Sum("amount"))
    return dict(rows.values_list("budget__year", "total"))


def _lock_budgets(years):
    """Lock the budget rows of ``years``, one by one in ascending order (one order for
    everyone: no deadlock); ``{year: budget}`` of those that exist."""
    budgets = {}
    for year in sorted(set(years)):
        budget = TopBudget.objects.select_for_update().filter(year=year).first()
        if budget is not None:
            budgets[year] = budget
    return budgets


def lock_for_change(aanvraag, start_date=None, end_date=None):
    """Lock, in year order, the budgets of every year ``aanvraag`` has lines in and of
    every year ``start_date``–``end_date`` touches (a herziening does this before it
    checks anything, so all locks are taken in one ascending order)."""
    years = set(net_by_year(aanvraag))
    if start_date is not None:
        years |= set(verdeling.months_per_year(start_date, end_date or start_date))
    return _lock_budgets(years)


def _booked_on(budget):
    return budget.entries.aggregate(total=Sum("amount"))["total"] or ZERO


def _line(aanvraag, budget, amount, user, dates, *, reden="", toelichting="", door_besluit):
    entry = TopLedgerEntry.objects.create(
        budget=budget,
        aanvraag=aanvraag,
        school_id=aanvraag.school_id,
        amount=amount,
        reden=reden,
        toelichting=toelichting,
        door_besluit=door_besluit,
        start_date=dates[0],
        end_date=dates[1],
        booked_by=user,
    )
    if amount > 0:
        action, detail = LogEntry.Action.TOP_GEBOEKT, f"€ {amount} ({budget.year})"
    else:
        action = LogEntry.Action.TOP_VRIJGEGEVEN
        detail = f"€ {-amount} ({budget.year}), {Reden(reden).label}"
    logboek.log(action, user, aanvraag=aanvraag, detail=detail)
    return entry


def follow_besluit(aanvraag, besluit, user, *, reden=Reden.HERZIENING):
    """Make the ledger of ``aanvraag`` follow ``besluit`` (the caller holds the lock on
    the aanvraag, inside ``atomic``). Returns the new lines.

    Per year: booked becomes the besluit's share of that year (nothing when it is not
    granted) minus what the commissie released by hand, never below zero. An increase
    needs the year's budget and room in it, or nothing is booked at all (Dutch
    ``TransitionError``); a decrease is a release with ``reden`` (*herziening*).
    """
    granted = besluit is not None and besluit.is_granted and besluit.amount is not None
    new = share_per_year(besluit) if granted else {}
    net = net_by_year(aanvraag)
    by_hand = net_by_year(aanvraag, by_hand=True)
    years = sorted(set(new) | set(net))
    budgets = _lock_budgets(years)
    changes = []
    for year in years:
        target = max(ZERO, new.get(year, ZERO) + by_hand.get(year, ZERO))
        delta = target - net.get(year, ZERO)
        if delta == 0:
            continue
        budget = budgets.get(year)
        if budget is None:
            raise TransitionError(
                _("Er is geen TOP-budget vastgesteld voor %(year)s.") % {"year": year}
            )
        if delta > 0:
            left = budget.amount - _booked_on(budget)
            if delta > left:
                raise TransitionError(
                    _(
                        "Dit past niet in het TOP-budget %(year)s: het SWV-deel is "
                        "€ %(share)s, er is nog € %(left)s beschikbaar."
                    )
                    % {"year": year, "share": delta, "left": left}
                )
        changes.append((budget, delta))
    dates = (besluit.start_date, besluit.end_date) if granted else _last_dates(aanvraag)
    return [
        _line(
            aanvraag,
            budget,
            delta,
            user,
            dates,
            reden="" if delta > 0 else reden,
            door_besluit=True,
        )
        for budget, delta in changes
    ]


def _last_dates(aanvraag):
    last = TopLedgerEntry.objects.filter(aanvraag=aanvraag).order_by("-pk").first()
    return (last.start_date, last.end_date) if last else (None, None)


def book_top_grant(aanvraag, besluit, user):
    """Book the SWV share of a newly granted TOP-arrangement (``follow_besluit``)."""
    return follow_besluit(aanvraag, besluit, user)


def release(aanvraag, user, *, year, amount, reden, toelichting):
    """Release ``amount`` of what ``aanvraag`` has booked in ``year`` (commissie only).

    A negative line with the reason; refused with a Dutch 4xx (nothing saved) when
    the amount is not positive, or more than is booked in that year.
    """
    require_role(user, [Role.COMMISSIE], _("Alleen de commissie geeft TOP-budget vrij."))
    if reden not in Reden.values:
        raise TransitionError(_("Kies de reden van de vrijgave."), 400)
    toelichting = (toelichting or "").strip()
    if not toelichting:
        raise TransitionError(_("Schrijf een toelichting bij de vrijgave."), 400)
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise TransitionError(_("Vul een bedrag groter dan € 0 in."), 400)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        if aanvraag.type != AanvraagType.TOP_ARRANGEMENT:
            raise TransitionError(_("Alleen bij een TOP-arrangement wordt budget geboekt."), 400)
        budget = _lock_budgets([year]).get(year)
        booked = net_by_year(aanvraag).get(year, ZERO)
        if budget is None or booked <= 0:
            raise TransitionError(
                _("Voor deze aanvraag is in %(year)s niets geboekt.") % {"year": year}, 400
            )
        if amount > booked:
            raise TransitionError(
                _(
                    "Je kunt in %(year)s hoogstens € %(booked)s vrijgeven: meer is er voor "
                    "deze aanvraag niet geboekt."
                )
                # Two decimals on every database (SQLite's sum drops them: "4000").
                % {"year": year, "booked": f"{booked:.2f}"},
                400,
            )
        dates = _last_dates(aanvraag)
        return _line(
            aanvraag,
            budget,
            -amount,
            user,
            dates,
            reden=reden,
            toelichting=toelichting,
            door_besluit=False,
        )


def needs_resplit(aanvraag, besluit):
    """True for a grant booked wholly in its start year (as before loket migration 0031)
    whose share the current setting spreads over more calendar years."""
    if not (besluit.is_granted and besluit.amount is not None and besluit.start_date):
        return False
    booked_years = set(
        TopLedgerEntry.objects.filter(aanvraag=aanvraag, amount__gt=0)
        .order_by()
        .values_list("budget__year", flat=True)
    )
    return booked_years == {besluit.start_date.year} and len(share_per_year(besluit)) > 1


def resplit(aanvraag, besluit):
    """Re-book an old grant per calendar year as a new grant is booked (``follow_besluit``
    with reason *herverdeling*), inside one transaction: the aanvraag and the budgets are
    locked, a year without a budget or without room refuses (Dutch ``TransitionError``,
    nothing saved), and the total booked for the aanvraag never changes (a release by
    hand larger than the start year's new part is left for the commissie). Returns the
    new lines; none when there is nothing to re-split (so it can be run again)."""
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        besluit = type(besluit).objects.get(pk=besluit.pk)
        if not needs_resplit(aanvraag, besluit):
            return []
        before = sum(net_by_year(aanvraag).values(), ZERO)
        lines = follow_besluit(aanvraag, besluit, None, reden=Reden.HERVERDELING)
        if sum(net_by_year(aanvraag).values(), ZERO) != before:
            raise TransitionError(
                _(
                    "Herverdelen zou het totaal van deze aanvraag veranderen (er is met de "
                    "hand meer vrijgegeven dan het startjaar nu krijgt); laat de commissie "
                    "dit nakijken."
                )
            )
    return lines


def lines_of(aanvraag):
    """The ledger lines of one aanvraag for its admin page, oldest first."""
    return (
        TopLedgerEntry.objects.filter(aanvraag=aanvraag)
        .select_related("budget", "booked_by")
        .order_by("booked_at", "pk")
    )


def budget_queryset():
    """Every budget, newest first, annotated in one query: ``booked`` (the positive
    lines), ``released`` (the negative lines, as a positive sum) and ``available``."""
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
    booked = Coalesce(Sum("entries__amount", filter=Q(entries__amount__gt=0)), zero)
    released = Coalesce(-Sum("entries__amount", filter=Q(entries__amount__lt=0)), zero)
    return TopBudget.objects.annotate(
        booked=booked,
        released=released,
        available=F("amount") - F("booked") + F("released"),
    ).order_by("-year")


def budget_overview():
    """The overview per calendar year as a list (``budget_queryset``)."""
    return list(budget_queryset())


def school_count_in_year(school_id, year, *, exclude=None):
    """How many TOP-arrangementen of a school start in ``year`` and still have money
    booked there (the per-school maximum counts these)."""
    lines = TopLedgerEntry.objects.filter(
        school_id=school_id, budget__year=year, start_date__year=year, aanvraag__isnull=False
    )
    if exclude is not None:
        lines = lines.exclude(aanvraag=exclude)
    per_aanvraag = lines.order_by().values("aanvraag").annotate(net=Sum("amount"))
    return per_aanvraag.filter(net__gt=0).count()


def top_cap_warnings(school_id, year):
    maximum = LoketSettings.load().max_top_per_school_per_year
    if maximum is None:
        return []
    count = school_count_in_year(school_id, year)
    if count + 1 > maximum:
        return [
            _(
                "Let op: deze school krijgt hiermee %(n)s TOP-arrangementen in %(year)s; "
                "het maximum is %(max)s."
            )
            % {"n": count + 1, "year": year, "max": maximum}
        ]
    return []


def top_budget_summary(year=None, today=None):
    """Budget, used (arrangement period over), reserved (running or to come), remaining."""
    today = today or timezone.localdate()
    year = year or today.year
    budget = TopBudget.objects.filter(year=year).first()
    if budget is None:
        return None
    entries = TopLedgerEntry.objects.filter(budget=budget)
    used = entries.filter(end_date__lt=today).aggregate(t=Sum("amount"))["t"] or Decimal("0")
    reserved = entries.filter(end_date__gte=today).aggregate(t=Sum("amount"))["t"] or Decimal("0")
    return {
        "year": year,
        "budget": budget.amount,
        "used": used,
        "reserved": reserved,
        "remaining": budget.amount - used - reserved,
    }
