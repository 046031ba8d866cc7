"""``manage.py backup [DEST]``: one encrypted backup file of the database and both storages.

Without DEST it goes to the ``backups`` storage (a folder or a private S3 bucket), which
is then rotated; the scheduler runs it so every night. See ``cms.operations.backup`` and
the README ("Back-up en herstel").
"""

from django.core.management.base import BaseCommand

from cms.operations.backup import backup
from cms.operations.backup.archive import PLAIN, generate_key


class Command(BaseCommand):
    help = (
        "Maakt één versleutelde back-up van de database, de media en de privébestanden: "
        "in map DEST, of zonder DEST in de back-upopslag (met rotatie)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", nargs="?", help="een map voor het bestand (geen rotatie)")
        parser.add_argument(
            "--nieuwe-sleutel",
            action="store_true",
            help="maak alleen een nieuw age-sleutelpaar en toon het (er wordt niets opgeslagen)",
        )

    def handle(self, *args, dest=None, nieuwe_sleutel=False, **options):
        if nieuwe_sleutel:
            identity, recipient = generate_key()
            self.stdout.write(f"BACKUP_AGE_RECIPIENTS={recipient}")
            self.stdout.write(
                f"{identity}\n^ de privésleutel: bewaar hem buiten de server (kluis, papier); "
                "alleen nodig om terug te zetten (BACKUP_AGE_IDENTITY)."
            )
            return
        where, manifest, rotated = backup(dest)
        for item in manifest["missing"]:
            self.stderr.write(
                f"Let op: bestand ontbreekt in opslag '{item['storage']}': {item['name']}"
            )
        if str(where).endswith(PLAIN):
            self.stderr.write(
                "LET OP: onversleutelde back-up (geen BACKUP_AGE_RECIPIENTS); alleen voor "
                "ontwikkeling en demo."
            )
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Back-up klaar: {where}: database ({manifest['vendor']}), "
            f"{len(manifest['files'])} bestanden ({size} bytes), "
            f"{len(manifest['missing'])} ontbrekend."
        )
        for name in rotated:
            self.stdout.write(f"Opgeruimd (rotatie): {name}")
