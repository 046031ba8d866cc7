"""``manage.py bestanden_verwijderen``: retry the file deletions that are due.

The scheduler runs it every few minutes (``SCHEDULED_JOBS``); see
``cms.files.deletion``. Output: counts only, never names.
"""

from django.core.management.base import BaseCommand

from cms.files.deletion import retry_due
from cms.models import PendingFileDeletion


class Command(BaseCommand):
    help = "Probeert de bestanden te verwijderen waarvan het verwijderen eerder mislukte."

    def handle(self, *args, **options):
        deleted, failed = retry_due()
        waiting = PendingFileDeletion.objects.count()
        self.stdout.write(
            f"{deleted} verwijderd, {failed} mislukt (later opnieuw), {waiting} wachten nog."
        )
