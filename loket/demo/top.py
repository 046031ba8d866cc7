"""The TOP rules and one ledger correction in the demo.

ASSUMPTION (to be set by the SWV): the kader caps a TOP-arrangement at "de kosten van
een plaatsing SO/SBO" without naming the amount. The demo uses € 30.000 per
arrangement (``DEMO_TOP_MAX``), a plausible order of magnitude for a year in the SO;
each SWV sets its own figure in Instellingen › Loketinstellingen.
"""

from decimal import Decimal

from loket.lifecycle import ledger
from loket.models import Aanvraag, LoketSettings, TopLedgerEntry
from loket.types import AanvraagType

DEMO_TOP_MAX = Decimal("30000.00")  # ASSUMPTION, see the module docstring and the README
DEMO_RELEASE = Decimal("1000.00")


def settings():
    """Fill the TOP maximum once; an SWV's own value is never overwritten."""
    row = LoketSettings.load()
    if row.top_max_amount is None:
        row.top_max_amount = DEMO_TOP_MAX
        row.save()


def correctie(school, commissie):
    """School B's granted TOP-arrangement cost less than granted: the commissie
    released € 1.000 of the SWV share, from the last year it is booked in."""
    aanvraag = Aanvraag.objects.filter(
        school=school, type=AanvraagType.TOP_ARRANGEMENT, besluit__uitkomst="toegekend"
    ).first()
    if aanvraag is None or TopLedgerEntry.objects.filter(aanvraag=aanvraag, amount__lt=0).exists():
        return
    year = max(ledger.net_by_year(aanvraag))
    ledger.release(
        aanvraag,
        commissie,
        year=year,
        amount=DEMO_RELEASE,
        reden=TopLedgerEntry.Reden.LAGERE_KOSTEN,
        toelichting="De school rekende minder uren van de ambulant begeleider dan begroot.",
    )
