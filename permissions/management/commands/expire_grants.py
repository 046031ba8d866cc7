"""``manage.py expire_grants``: close inzage whose end date has passed.

Run it daily from cron (``5 0 * * * manage.py expire_grants``), or pass
``--enqueue`` to hand it to the task worker instead. Access never depends on it:
every check compares the end date itself; this removes the guardian rows and
writes "Inzage verlopen" in the logboek.
"""

from django.core.management.base import BaseCommand

from permissions import grants
from permissions.tasks import expire_grants_task


class Command(BaseCommand):
    help = "Sluit verlopen inzages af en verwijdert hun objectrechten (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Zet de taak klaar voor de worker."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = expire_grants_task.enqueue()
            self.stdout.write(f"Taak klaargezet ({result.id}).")
            return
        closed = grants.expire_grants()
        self.stdout.write(f"{closed} verlopen inzage(s) afgesloten.")
