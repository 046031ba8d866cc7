"""``manage.py verwerkingsregister``: the register of processing as Markdown.

Without options it prints the register; ``--readme README.md`` rewrites the README's
block between its markers, and ``--check README.md`` exits with status 1 when that
block is not what the code says (the test suite runs the same comparison).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.privacy.register_tekst import block_of, render, replace_block


class Command(BaseCommand):
    help = "Schrijft het verwerkingsregister (uit de code) als Markdown, of werkt de README bij."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--readme", help="README om het blok in bij te werken")
        group.add_argument("--check", help="README om te controleren (status 1 bij verschil)")

    def handle(self, *args, readme=None, check=None, **options):
        block = render()
        if readme is None and check is None:
            self.stdout.write(block, ending="")
            return
        path = Path(readme or check)
        text = path.read_text(encoding="utf-8")
        try:
            updated = replace_block(text, block)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if check is not None:
            if block_of(text) != block:
                raise CommandError(
                    f"{path}: het verwerkingsregister is verouderd; draai "
                    "manage.py verwerkingsregister --readme README.md"
                )
            self.stdout.write(f"{path}: verwerkingsregister klopt.")
            return
        path.write_text(updated, encoding="utf-8")
        self.stdout.write(f"{path}: verwerkingsregister bijgewerkt.")
