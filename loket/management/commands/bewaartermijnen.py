"""``manage.py bewaartermijnen [--dry-run]``: apply the retention periods now.

The scheduler runs it daily (``SCHEDULED_JOBS``); ``--dry-run`` shows what a run
would remove and changes nothing. Output: counts and kenmerken, never names.
"""

from django.core.management.base import BaseCommand

from loket.privacy.retention.rules import rules, run


class Command(BaseCommand):
    help = "Verwijdert of anonimiseert wat over zijn bewaartermijn is."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen wat zou gebeuren.")

    def handle(self, *args, dry_run=False, **options):
        summary = run(dry_run=dry_run)
        verb = "zou" if dry_run else "is"
        for key, part in summary.items():
            line = f"{rules[key].label}: {part['aantal']} {verb} {part['actie']}"
            if part["kenmerken"]:
                line += f" ({', '.join(part['kenmerken'])})"
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Proefdraai: er is niets gewijzigd.")
