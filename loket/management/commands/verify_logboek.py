"""``manage.py verify_logboek``: check every hash chain of the logboek.

Prints the first broken link per chain (chain key, sequence number, reason; no
content) and exits with status 1 when any chain is broken, so a cron, CI or the
scheduler's failed task shows it. Each run is kept for the ``/health/`` details.
"""

from django.core.management.base import BaseCommand, CommandError

from loket.privacy.logboek_keten import run_and_record


class Command(BaseCommand):
    help = "Controleert de hashketen van het logboek en meldt per keten de eerste breuk."

    def handle(self, *args, **options):
        run, breaks = run_and_record()
        for found in breaks:
            self.stderr.write(str(found))
        if breaks:
            raise CommandError(
                f"Logboek niet in orde: {len(breaks)} van {run.chains} ketens gebroken."
            )
        self.stdout.write(f"Logboek in orde: {run.chains} ketens, {run.lines} regels.")
