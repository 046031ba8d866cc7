"""How the SWV share of a TOP-arrangement is spread over calendar years.

The kader budgets "per kalenderjaar 200.000,- euro", while an arrangement usually
runs over a school year (1 September to 31 July): four months in one budget year and
seven in the next. ``split`` divides the share in proportion to the months of the
arrangement in each calendar year. A month the arrangement covers only partly counts
for the part of its days it covers (15 to 31 January is 17/31 of a month), so full
months give the plain ratio (4/11 and 7/11) and leap years need no special case.

The parts are in whole cents and add up exactly to the share: every year gets its
exact part rounded down, and the cents left over go one by one to the years with
the largest remainder (the earlier year first when equal).

Pure functions, no database: the rule is tested on its own (tests/loket/test_verdeling.py).
"""

import calendar
import datetime
from decimal import Decimal
from fractions import Fraction

PRO_RATA = "pro_rata"
STARTJAAR = "startjaar"
CENT = Decimal("0.01")


def months_per_year(start, end):
    """``{year: Fraction of months}`` covered by the days ``start`` to ``end`` (both included)."""
    if end < start:
        raise ValueError("end before start")
    months = {}
    day = start
    while day <= end:
        last_of_month = datetime.date(
            day.year, day.month, calendar.monthrange(day.year, day.month)[1]
        )
        until = min(last_of_month, end)
        covered = Fraction((until - day).days + 1, last_of_month.day)
        months[day.year] = months.get(day.year, Fraction(0)) + covered
        day = until + datetime.timedelta(days=1)
    return months


def split(share, start, end, mode=PRO_RATA):
    """``[(year, amount), ...]`` in year order: ``share`` spread over the calendar years
    of ``start``–``end`` (``PRO_RATA``), or all of it in the start year (``STARTJAAR``)."""
    share = Decimal(share).quantize(CENT)
    if mode == STARTJAAR or end is None:
        return [(start.year, share)]
    months = months_per_year(start, end)
    total = sum(months.values())
    cents = int(share / CENT)
    exact = {year: Fraction(cents) * part / total for year, part in months.items()}
    parts = {year: int(value) for year, value in exact.items()}  # floor: values are >= 0
    left = cents - sum(parts.values())
    by_remainder = sorted(exact, key=lambda year: (-(exact[year] - parts[year]), year))
    for year in by_remainder[:left]:
        parts[year] += 1
    return [(year, Decimal(parts[year]) * CENT) for year in sorted(parts)]
