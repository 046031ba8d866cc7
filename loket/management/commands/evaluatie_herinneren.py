"""``manage.py evaluatie_herinneren``: the daily reminders of evaluation moments.

Scheduled daily (``SCHEDULED_JOBS``); each moment gets at most one reminder before its
date and one when it has passed unanswered (``loket.lifecycle.evaluatie.remind``).
``--datum`` runs it as of another day (tests, catching up by hand).
"""

import datetime

from django.core.management.base import BaseCommand

from loket.lifecycle import evaluatie


class Command(BaseCommand):
    help = "Herinnert scholen aan evaluatiemomenten van toegekende arrangementen."

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, datum=None, **options):
        before, overdue = evaluatie.remind(datum)
        self.stdout.write(
            f"{before} herinnering(en) vooraf en {overdue} herinnering(en) te laat verstuurd."
        )
