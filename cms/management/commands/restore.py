"""``manage.py restore SRC``: put a backup back into an empty database and empty storages.

Refuses a non-empty target unless ``--force``. Afterwards it migrates, purges the page
cache and runs retention (``settings.RETENTION_COMMAND``), because an older backup can
hold dossiers whose term has passed since; see the README ("Back-up en herstel").
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from cms.operations.backup import restore


class Command(BaseCommand):
    help = "Zet een back-up (map SRC, gemaakt met `manage.py backup`) terug."

    def add_arguments(self, parser):
        parser.add_argument("src", help="de map van de back-up")
        parser.add_argument(
            "--force",
            action="store_true",
            help="vervang een database en opslag die niet leeg zijn",
        )
        parser.add_argument(
            "--skip-retention",
            action="store_true",
            help="draai de bewaartermijnen niet meteen (alleen voor onderzoek; zie README)",
        )

    def handle(self, *args, src, force, skip_retention, **options):
        manifest, retention = restore(
            src, force=force, run_retention=not skip_retention, stdout=self.stdout
        )
        self.stdout.write(
            f"Teruggezet: back-up van {manifest['created_at']}, {len(manifest['files'])} bestanden."
        )
        if retention == "ran":
            self.stdout.write("Bewaartermijnen toegepast.")
        else:
            reason = (
                "overgeslagen op verzoek"
                if retention == "skipped"
                else f"opdracht '{settings.RETENTION_COMMAND}' bestaat (nog) niet"
            )
            self.stderr.write(
                f"LET OP: bewaartermijnen niet toegepast ({reason}). Deze back-up kan "
                "dossiers bevatten waarvan de termijn sinds de back-up is verstreken: draai "
                "de bewaartermijnen voordat de site weer open gaat."
            )
