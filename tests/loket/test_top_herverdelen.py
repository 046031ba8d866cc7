"""Re-splitting TOP grants booked before the per-year split (loket migration 0031):
``manage.py top_herverdelen`` re-books them per calendar year pro rata, as a new grant
is booked, never over budget, keeps each aanvraag's total, and is idempotent.

An "old" grant is made the way the portal booked before 0031: with the setting
*alles in het startjaar*, the whole SWV share on the start year's budget; then the SWV
is on the default (pro rata) again, as after the migration.
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from loket.lifecycle import ledger, services, verdeling
from loket.models import LogEntry, LoketSettings, TopBudget, TopLedgerEntry
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db
SEP_2026 = datetime.date(2026, 9, 1)
JUL_2027 = datetime.date(2027, 7, 31)


def _mode(mode):
    row = LoketSettings.load()
    row.top_verdeling = mode
    row.save()


def _grant(users, school, naam, amount="22000"):
    aanvraag = make_aanvraag(school, users["school_a"], naam=naam)
    services.take_in(aanvraag, users["consulent"])
    services.decide(
        aanvraag,
        users["commissie"],
        uitkomst="toegekend",
        motivering="Past.",
        start_date=SEP_2026,
        end_date=JUL_2027,
        amount=Decimal(amount),
    )
    return aanvraag


def _old_grant(users, school, naam, amount="22000"):
    """Booked as before 0031: the whole share (€ 11.000 of € 22.000) in 2026."""
    _mode(verdeling.STARTJAAR)
    aanvraag = _grant(users, school, naam, amount)
    _mode(verdeling.PRO_RATA)
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("11000.00")}
    return aanvraag


def _run(*args):
    out = StringIO()
    call_command("top_herverdelen", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_an_old_grant_is_re_booked_pro_rata_once(loket_users, school_a):
    for year in (2026, 2027):
        TopBudget.objects.create(year=year, amount=Decimal("200000"))
    old = _old_grant(loket_users, school_a, "Kind Oud")
    new = _grant(loket_users, school_a, "Kind Nieuw")  # booked per year already
    new_lines = TopLedgerEntry.objects.filter(aanvraag=new).count()

    assert "1 TOP-toekenning(en) te herverdelen" in _run("--dry-run")
    assert ledger.net_by_year(old) == {2026: Decimal("11000.00")}  # the dry run books nothing

    assert "1 TOP-toekenning(en) herverdeeld, 0 overgeslagen" in _run()
    # 1 September to 31 July: 4/11 in 2026 and 7/11 in 2027, like a new grant.
    assert ledger.net_by_year(old) == {2026: Decimal("4000.00"), 2027: Decimal("7000.00")}
    assert ledger.net_by_year(old) == ledger.net_by_year(new)
    release = TopLedgerEntry.objects.get(aanvraag=old, amount__lt=0)
    assert release.reden == TopLedgerEntry.Reden.HERVERDELING and release.door_besluit
    lines = LogEntry.objects.filter(aanvraag=old, action__in=["top_geboekt", "top_vrijgegeven"])
    details = sorted(lines.values_list("detail", flat=True))
    assert "€ 7000.00 (2027)" in details
    assert "€ 7000.00 (2026), verdeeld over de kalenderjaren" in details
    # Idempotent: a second run books nothing; the new grant was never touched.
    count = TopLedgerEntry.objects.count()
    assert "0 TOP-toekenning(en) herverdeeld" in _run()
    assert TopLedgerEntry.objects.count() == count
    assert TopLedgerEntry.objects.filter(aanvraag=new).count() == new_lines
    overview = {b.year: (b.booked, b.released, b.available) for b in ledger.budget_overview()}
    assert overview[2027] == (Decimal("14000.00"), Decimal("0"), Decimal("186000.00"))


def test_never_over_budget_nor_without_one_and_the_rest_goes_on(loket_users, school_a):
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    no_budget = _old_grant(loket_users, school_a, "Kind Zonder Budget")
    with pytest.raises(CommandError):
        _run()
    assert ledger.net_by_year(no_budget) == {2026: Decimal("11000.00")}  # nothing saved
    # A 2027 budget with room for one grant's 2027 part (€ 7.000), not for two.
    TopBudget.objects.create(year=2027, amount=Decimal("10000"))
    second = _old_grant(loket_users, school_a, "Kind Twee")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("top_herverdelen", stdout=out, stderr=out)
    text = out.getvalue()
    assert "1 TOP-toekenning(en) herverdeeld, 1 overgeslagen" in text
    assert f"{second.reference}: Dit past niet in het TOP-budget 2027" in text
    assert "Kind" not in text  # kenmerk and reason, no pupil
    assert ledger.net_by_year(no_budget) == {2026: Decimal("4000.00"), 2027: Decimal("7000.00")}
    assert ledger.net_by_year(second) == {2026: Decimal("11000.00")}
    booked_2027 = sum(e.amount for e in TopLedgerEntry.objects.filter(budget__year=2027))
    assert booked_2027 <= Decimal("10000")


def test_a_release_by_hand_larger_than_the_new_start_part_is_left_alone(loket_users, school_a):
    for year in (2026, 2027):
        TopBudget.objects.create(year=year, amount=Decimal("200000"))
    old = _old_grant(loket_users, school_a, "Kind Vrijgegeven")
    ledger.release(
        old,
        loket_users["commissie"],
        year=2026,
        amount=Decimal("6000"),
        reden="lagere_kosten",
        toelichting="Lager.",
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("top_herverdelen", stdout=out, stderr=out)
    assert "laat de commissie dit nakijken" in out.getvalue()
    assert ledger.net_by_year(old) == {2026: Decimal("5000.00")}  # rolled back, total kept
