"""``manage.py restore FILE``: decrypt, check and put back a backup, in one command.

FILE is a path or a name in the back-up storage (``--latest``: the newest there). The
backup is decrypted and every checksum checked before anything is changed; a wrong key
or a changed byte stops it there. Refuses a non-empty target unless ``--force``.
Afterwards it migrates, re-applies the purges made since the backup, purges the page
cache and runs retention (``settings.RETENTION_COMMAND``); see the README ("Back-up en
herstel").
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import restore


class Command(BaseCommand):
    help = "Zet een back-up (bestand, gemaakt met `manage.py backup`) terug, na controle."

    def add_arguments(self, parser):
        parser.add_argument("src", nargs="?", help="het back-upbestand, of een naam in de opslag")
        parser.add_argument(
            "--latest", action="store_true", help="de nieuwste back-up in de back-upopslag"
        )
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

    def handle(self, *args, src=None, latest=False, force, skip_retention, **options):
        if bool(src) == bool(latest):
            raise CommandError("Geef een back-upbestand óf --latest.")
        manifest, retention, reapplied = restore(
            src, force=force, run_retention=not skip_retention, stdout=self.stdout, latest=latest
        )
        self.stdout.write(
            f"Teruggezet: back-up van {manifest['created_at']}, {len(manifest['files'])} bestanden."
        )
        for line in reapplied:
            self.stdout.write(line)
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
