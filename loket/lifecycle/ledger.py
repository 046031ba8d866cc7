"""The TOP-arrangement budget ledger: the SWV share of each granted arrangement is
booked against the budget of the year it starts in, and never beyond it."""

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.errors import TransitionError
from loket.models import LoketSettings, TopBudget, TopLedgerEntry

TOP_SWV_SHARE = Decimal("0.50")


def top_share(total):
    """The SWV pays half of a TOP-arrangement; the school board the other half."""
    return (Decimal(total) * TOP_SWV_SHARE).quantize(Decimal("0.01"))


def book_top_grant(aanvraag, besluit, user):
    """Book the SWV share of a granted TOP-arrangement against its start year.

    Locks the year's budget row, so concurrent grants are booked one after the
    other and the sum can never exceed the budget.
    """
    year = besluit.start_date.year
    try:
        budget = TopBudget.objects.select_for_update().get(year=year)
    except TopBudget.DoesNotExist:
        raise TransitionError(
            _("Er is geen TOP-budget vastgesteld voor %(year)s.") % {"year": year}
        ) from None
    share = top_share(besluit.amount)
    booked = budget.entries.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if booked + share > budget.amount:
        raise TransitionError(
            _(
                "Dit past niet in het TOP-budget %(year)s: het SWV-deel is € %(share)s, "
                "er is nog € %(left)s beschikbaar."
            )
            % {"year": year, "share": share, "left": budget.amount - booked}
        )
    return TopLedgerEntry.objects.create(
        budget=budget,
        aanvraag=aanvraag,
        school_id=aanvraag.school_id,
        amount=share,
        start_date=besluit.start_date,
        end_date=besluit.end_date,
        booked_by=user,
    )


def top_cap_warnings(school_id, year):
    maximum = LoketSettings.load().max_top_per_school_per_year
    if maximum is None:
        return []
    count = TopLedgerEntry.objects.filter(school_id=school_id, budget__year=year).count()
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
