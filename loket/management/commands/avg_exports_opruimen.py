"""``manage.py avg_exports_opruimen``: delete AVG inzage exports nobody fetched in time.

Run by the scheduler (``SCHEDULED_JOBS``); prints a count only.
"""

from django.core.management.base import BaseCommand

from loket.privacy.avg.export import cleanup_expired


class Command(BaseCommand):
    help = "Verwijdert AVG-inzage-exports waarvan de downloadtermijn voorbij is."

    def handle(self, *args, **options):
        count = cleanup_expired()
        self.stdout.write(f"Verlopen AVG-inzage-exports verwijderd: {count}")
