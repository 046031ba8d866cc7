"""``manage.py backup DEST``: the database and both storages, consistent, in one folder.

See ``cms.operations.backup`` for how (one snapshot, SHA-256 per file) and the README for when.
"""

from django.core.management.base import BaseCommand

from cms.operations.backup import backup


class Command(BaseCommand):
    help = "Maakt een back-up van de database, de media en de privébestanden in map DEST."

    def add_arguments(self, parser):
        parser.add_argument("dest", help="een nieuwe of lege map")

    def handle(self, *args, dest, **options):
        manifest = backup(dest)
        for item in manifest["missing"]:
            self.stderr.write(
                f"Let op: bestand ontbreekt in opslag '{item['storage']}': {item['name']}"
            )
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Back-up klaar in {dest}: database ({manifest['vendor']}), "
            f"{len(manifest['files'])} bestanden ({size} bytes), "
            f"{len(manifest['missing'])} ontbrekend."
        )
