"""``manage.py ondertekening_herinneren``: the daily job of the mede-ondertekening.

Scheduled daily (``SCHEDULED_JOBS``): links past their end date become "verlopen" and
whoever has not answered after ``LoketSettings.ondertekening_herinnering_dagen`` gets
one reminder with a new link (``loket.instemming.ondertekening.remind``). ``--datum``
runs it as of another day (tests, catching up by hand).
"""

import datetime

from django.core.management.base import BaseCommand

from loket.instemming import ondertekening


class Command(BaseCommand):
    help = "Laat verlopen ondertekeningslinks verlopen en stuurt herinneringen."

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, datum=None, **options):
        sent = ondertekening.remind(datum)
        self.stdout.write(f"{sent} herinnering(en) mede-ondertekening verstuurd.")
