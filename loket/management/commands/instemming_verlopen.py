"""``manage.py instemming_verlopen``: close instemming links whose end date has passed.

Scheduled daily (``SCHEDULED_JOBS``). Writes "Instemmingslink verlopen" in the logboek
of each aanvraag; a link never waits for this (the link page checks the date itself).
"""

from django.core.management.base import BaseCommand

from loket.instemming import services as instemming


class Command(BaseCommand):
    help = "Zet verlopen instemmingslinks op 'verlopen' en schrijft dat in het logboek."

    def handle(self, *args, **options):
        expired = instemming.expire_links()
        self.stdout.write(f"{expired} instemmingslink(s) verlopen.")
