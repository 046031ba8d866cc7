"""The deadlines of an AVG request (art. 12(3) AVG).

The controller answers "without undue delay and in any event within one month of
receipt"; the period "may be extended by two further months where necessary", once,
with the reasons told to the data subject within the first month.

A period of months is counted as EU Regulation 1182/71 (art. 3(2)(c)) counts it: it
ends on the day of the last month with the same number as the day of receipt, or on
that month's last day when it has no such day (31 January -> 28 or 29 February).
The extended period is counted the same way from the receipt (three months in all),
not from the first deadline, so 31 January ends on 30 April rather than 28 April.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

FIRST_PERIOD_MONTHS = 1
EXTENSION_MONTHS = 2
# "Bijna verlopen" on the dashboard: this many days or fewer left.
NEARLY_DUE_DAYS = 7


def deadline(received: datetime.date) -> datetime.date:
    """The first deadline: one month after receipt."""
    return received + relativedelta(months=FIRST_PERIOD_MONTHS)


def extended_deadline(received: datetime.date) -> datetime.date:
    """The deadline after the one extension: three months after receipt."""
    return received + relativedelta(months=FIRST_PERIOD_MONTHS + EXTENSION_MONTHS)


def days_left(termijn: datetime.date, today: datetime.date | None = None) -> int:
    return (termijn - (today or timezone.localdate())).days


def is_overdue(termijn: datetime.date, today: datetime.date | None = None) -> bool:
    """Overdue from the day after the deadline: the deadline day itself still counts."""
    return days_left(termijn, today) < 0


def is_nearly_due(termijn: datetime.date, today: datetime.date | None = None) -> bool:
    return 0 <= days_left(termijn, today) <= NEARLY_DUE_DAYS
