"""``manage.py top_herverdelen``: re-book TOP grants booked before the per-year split.

Before loket migration 0031 the whole SWV share of a granted TOP-arrangement was
booked on the budget of its start year, while the kader budgets per calendar year.
This command re-books each such grant as a new grant is booked now
(``LoketSettings.top_verdeling``, default pro rata of the months): a release in the
start year and a booking in each later year, reason *herverdeling*, each a logboek
line (``loket.lifecycle.ledger.resplit``). Idempotent: a grant already split is left
alone, so running it twice changes nothing. A grant that does not fit (no budget for
a year, no room in it) is skipped with its kenmerk and reason, nothing booked for it,
and the command exits with status 1 so the beheerder looks. ``--dry-run`` only lists.
"""

from django.core.management.base import BaseCommand, CommandError

from loket.errors import TransitionError
from loket.lifecycle import ledger
from loket.models import Besluit
from loket.types import AanvraagType


class Command(BaseCommand):
    help = "Verdeelt TOP-boekingen van vóór de verdeling per kalenderjaar alsnog over de jaren."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen, niets boeken.")

    def handle(self, *args, dry_run=False, **options):
        besluiten = (
            Besluit.objects.filter(
                aanvraag__type=AanvraagType.TOP_ARRANGEMENT,
                uitkomst=Besluit.Uitkomst.TOEGEKEND,
                aanvraag__top_boekingen__isnull=False,
            )
            .select_related("aanvraag")
            .distinct()
            .order_by("pk")
        )
        done, skipped = 0, []
        for besluit in besluiten:
            aanvraag = besluit.aanvraag
            if not ledger.needs_resplit(aanvraag, besluit):
                continue
            if dry_run:
                self.stdout.write(f"{aanvraag.reference}: wordt herverdeeld.")
                done += 1
                continue
            try:
                lines = ledger.resplit(aanvraag, besluit)
            except TransitionError as refused:
                skipped.append(f"{aanvraag.reference}: {refused.message}")
                continue
            done += bool(lines)
        verb = "te herverdelen" if dry_run else "herverdeeld"
        self.stdout.write(f"{done} TOP-toekenning(en) {verb}, {len(skipped)} overgeslagen.")
        for line in skipped:
            self.stderr.write(line)
        if skipped:
            raise CommandError("Niet alle TOP-toekenningen konden worden herverdeeld.")
