"""``manage.py bestanden_opruimen [--uitvoeren] [--uren N]``: files no row refers to.

Dry run by default: shows per storage and top folder how many files no row refers to
and are older than the grace period (``FILE_SWEEP_GRACE_HOURS``, default 24 hours, or
``--uren``). ``--uitvoeren`` deletes them, through the retried queue of
``cms.files.deletion``. Never prints file names: a form upload keeps its sanitised
original name, which may name a pupil. See ``cms.files.sweep``.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cms.files.sweep import folders, grace, sweep


class Command(BaseCommand):
    help = "Zoekt (en verwijdert met --uitvoeren) bestanden waar geen rij meer naar verwijst."

    def add_arguments(self, parser):
        parser.add_argument(
            "--uitvoeren", action="store_true", help="Echt verwijderen (anders alleen tonen)."
        )
        parser.add_argument(
            "--uren",
            type=int,
            default=None,
            help="Alleen bestanden ouder dan zoveel uur (standaard FILE_SWEEP_GRACE_HOURS).",
        )

    def handle(self, *args, uitvoeren=False, uren=None, **options):
        if uren is not None and uren < 1:
            raise CommandError(
                "--uren moet minstens 1 zijn: een bestand dat net is geüpload, heeft "
                "misschien nog geen rij."
            )
        period = grace() if uren is None else datetime.timedelta(hours=uren)
        found = sweep(grace_period=period, execute=uitvoeren)
        verb = "verwijderd" if uitvoeren else "zou worden verwijderd"
        for alias, names in found.items():
            parts = ", ".join(
                f"{folder}: {count}" for folder, count in sorted(folders(names).items())
            )
            self.stdout.write(
                f"Opslag {alias}: {len(names)} {verb}" + (f" ({parts})" if parts else "")
            )
        if not uitvoeren:
            self.stdout.write(
                "Proefdraai: er is niets verwijderd. Gebruik --uitvoeren om op te ruimen."
            )
