"""The deadlines of an AVG request (art. 12(3)): one month, month ends, one extension."""

import datetime

import pytest
import time_machine

from loket.privacy.verzoeken import termijnen

D = datetime.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 3, 10), D(2026, 4, 10)),  # exactly one month
        (D(2026, 1, 31), D(2026, 2, 28)),  # no 31 February: the month's last day
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year
        (D(2026, 12, 15), D(2027, 1, 15)),  # over the year's end
        (D(2026, 8, 31), D(2026, 9, 30)),
    ],
)
def test_one_month_after_receipt(received, due):
    assert termijnen.deadline(received) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 3, 10), D(2026, 6, 10)),
        (D(2026, 1, 31), D(2026, 4, 30)),  # counted from receipt, not from 28 February
        (D(2026, 11, 30), D(2027, 2, 28)),
    ],
)
def test_extension_is_three_months_after_receipt(received, due):
    assert termijnen.extended_deadline(received) == due


@time_machine.travel(datetime.datetime(2026, 4, 10, 12, 0), tick=False)
def test_the_deadline_day_itself_is_not_overdue():
    assert not termijnen.is_overdue(D(2026, 4, 10))
    assert termijnen.is_overdue(D(2026, 4, 9))
    assert termijnen.is_nearly_due(D(2026, 4, 10))
    assert termijnen.is_nearly_due(D(2026, 4, 17))
    assert not termijnen.is_nearly_due(D(2026, 4, 18))
