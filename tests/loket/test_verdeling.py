"""The split of a TOP share over calendar years (loket.lifecycle.verdeling).

The kader budgets "per kalenderjaar 200.000,- euro" and the school board pays half
("Het schoolbestuur bekostigt 50% van het TOP-arrangement"); the SWV's half is booked
per calendar year in proportion to the months of the arrangement.
"""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from loket.lifecycle.verdeling import PRO_RATA, STARTJAAR, months_per_year, split

D = datetime.date


def test_school_year_books_four_and_seven_elevenths():
    parts = split(Decimal("11000.00"), D(2026, 9, 1), D(2027, 7, 31))
    assert parts == [(2026, Decimal("4000.00")), (2027, Decimal("7000.00"))]


def test_one_month_is_one_year():
    assert split(Decimal("1234.56"), D(2026, 3, 1), D(2026, 3, 31)) == [(2026, Decimal("1234.56"))]
    assert months_per_year(D(2026, 3, 1), D(2026, 3, 31)) == {2026: Fraction(1)}


def test_one_day_is_one_year():
    assert split(Decimal("500.00"), D(2026, 6, 9), D(2026, 6, 9)) == [(2026, Decimal("500.00"))]


def test_31_december_to_1_january_splits_by_the_days_of_each_month():
    # One day of December (1/31 month) and one day of January (1/31 month): half each.
    assert split(Decimal("100.00"), D(2026, 12, 31), D(2027, 1, 1)) == [
        (2026, Decimal("50.00")),
        (2027, Decimal("50.00")),
    ]
    # 31 December and all of January: 1/31 against 1 month.
    assert split(Decimal("3200.00"), D(2026, 12, 31), D(2027, 1, 31)) == [
        (2026, Decimal("100.00")),
        (2027, Decimal("3100.00")),
    ]


def test_leap_year_february_has_29_days():
    assert months_per_year(D(2028, 2, 1), D(2028, 2, 29)) == {2028: Fraction(1)}
    assert months_per_year(D(2028, 2, 15), D(2028, 2, 29)) == {2028: Fraction(15, 29)}
    assert months_per_year(D(2027, 2, 15), D(2027, 2, 28)) == {2027: Fraction(14, 28)}
    # 15 February to 31 December 2028 and January 2029: 15/29 + 10 months against 1.
    parts = dict(split(Decimal("10000.00"), D(2028, 2, 15), D(2029, 1, 31)))
    total = Fraction(15, 29) + 10 + 1
    assert parts[2029] == Decimal(round(Fraction(1_000_000) / total)) / 100


def test_rounding_adds_up_to_the_share_to_the_cent():
    # 100.00 over 1/3 months: 33.33 + 66.67 (the larger remainder gets the cent).
    parts = split(Decimal("100.00"), D(2026, 12, 1), D(2027, 2, 28))
    assert parts == [(2026, Decimal("33.33")), (2027, Decimal("66.67"))]
    for share in ("0.01", "0.03", "999.99", "12345.67", "80000.00"):
        for start, end in (
            (D(2026, 9, 1), D(2027, 7, 31)),
            (D(2026, 8, 17), D(2028, 7, 31)),
            (D(2026, 12, 31), D(2027, 1, 1)),
        ):
            parts = split(Decimal(share), start, end)
            assert sum(amount for _year, amount in parts) == Decimal(share)
            assert all(amount >= 0 for _year, amount in parts)


def test_equal_remainders_give_the_cent_to_the_earlier_year():
    assert split(Decimal("0.01"), D(2026, 12, 31), D(2027, 1, 1)) == [
        (2026, Decimal("0.01")),
        (2027, Decimal("0.00")),
    ]


def test_three_calendar_years():
    parts = split(Decimal("24000.00"), D(2026, 9, 1), D(2028, 8, 31))
    assert parts == [
        (2026, Decimal("4000.00")),
        (2027, Decimal("12000.00")),
        (2028, Decimal("8000.00")),
    ]


def test_start_year_mode_books_everything_in_the_start_year():
    assert split(Decimal("11000.00"), D(2026, 9, 1), D(2027, 7, 31), STARTJAAR) == [
        (2026, Decimal("11000.00"))
    ]
    assert split(Decimal("11000.00"), D(2026, 9, 1), D(2027, 7, 31), PRO_RATA) != [
        (2026, Decimal("11000.00"))
    ]


def test_end_before_start_is_refused():
    with pytest.raises(ValueError):
        months_per_year(D(2027, 1, 1), D(2026, 12, 31))
