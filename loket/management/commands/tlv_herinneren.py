"""``manage.py tlv_herinneren``: the daily reminder to ask a TLV-verlenging in time.

Scheduled daily (``SCHEDULED_JOBS``); each TLV gets at most one reminder
(``loket.lifecycle.tlv.remind``). ``--datum`` runs it as of another day (tests,
catching up by hand).
"""

import datetime

from django.core.management.base import BaseCommand

from loket.lifecycle import tlv


class Command(BaseCommand):
    help = "Herinnert scholen aan de heraanvraag van TLV's die aflopen."

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, datum=None, **options):
        sent = tlv.remind(datum)
        self.stdout.write(f"{sent} herinnering(en) heraanvraag TLV verstuurd.")
