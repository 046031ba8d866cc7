"""``manage.py cleanup_form_drafts``: remove abandoned drafts and their files.

Run it daily (cron or a scheduler); ``--enqueue`` hands the work to the task
worker instead. The age comes from ``FORMS_DRAFT_RETENTION_DAYS`` (default 30).
"""

from django.core.management.base import BaseCommand

from forms.filling.cleanup import cleanup_abandoned_drafts


class Command(BaseCommand):
    help = "Verwijdert verlaten formulierconcepten en hun bestanden."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Ouder dan zoveel dagen.")
        parser.add_argument("--enqueue", action="store_true", help="Als achtergrondtaak.")

    def handle(self, *args, days=None, enqueue=False, **options):
        if enqueue:
            from forms.tasks import cleanup_form_drafts

            cleanup_form_drafts.enqueue()
            self.stdout.write("Opruimtaak ingepland.")
            return
        count = cleanup_abandoned_drafts(days=days)
        self.stdout.write(f"{count} verlaten concept(en) verwijderd.")
