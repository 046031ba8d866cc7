"""The TOP budget ledger: 50 % booked per calendar year, never above the budget.

Corrections (releases, herziening per year, the overview) are in test_ledger_correcties.py."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import Role
from loket.lifecycle import services
from loket.models import Aanvraag, Besluit, LoketSettings, TopBudget, TopLedgerEntry
from tests.loket.helpers import make_aanvraag

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Rijvergrendeling en gelijktijdige transacties bestaan alleen op PostgreSQL.",
)


def _top_in_behandeling(users, school, naam):
    aanvraag = make_aanvraag(school, users["school_a"], naam=naam)
    services.take_in(aanvraag, users["consulent"])
    return aanvraag


def _grant(aanvraag, user, amount, start=datetime.date(2026, 1, 1)):
    return services.decide(
        aanvraag,
        user,
        uitkomst="toegekend",
        motivering="Past binnen het kader TOP-arrangementen.",
        start_date=start,
        end_date=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
        amount=Decimal(amount),
    )


def test_grant_books_half_per_calendar_year(loket_users, school_a):
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    TopBudget.objects.create(year=2027, amount=Decimal("200000"))
    aanvraag = _top_in_behandeling(loket_users, school_a, "Kind Een")
    services.decide(
        aanvraag,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Past binnen het kader TOP-arrangementen.",
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 7, 31),
        amount=Decimal("30000.00"),
    )
    lines = TopLedgerEntry.objects.filter(aanvraag=aanvraag).order_by("budget__year")
    # 4/11 and 7/11 of the SWV half (€ 15.000), the cent to the larger remainder.
    assert [(e.budget.year, e.amount) for e in lines] == [
        (2026, Decimal("5454.55")),
        (2027, Decimal("9545.45")),
    ]


def test_grant_books_all_on_the_start_year_when_set(loket_users, school_a):
    TopBudget.objects.create(year=2027, amount=Decimal("200000"))
    settings_row = LoketSettings.load()
    settings_row.top_verdeling = "startjaar"
    settings_row.save()
    aanvraag = _top_in_behandeling(loket_users, school_a, "Kind Een")
    _grant(aanvraag, loket_users["commissie"], "30000.00", start=datetime.date(2027, 1, 15))
    entry = TopLedgerEntry.objects.get(aanvraag=aanvraag)
    assert entry.amount == Decimal("15000.00")
    assert entry.budget.year == 2027


def test_grant_refused_when_budget_would_be_exceeded(loket_users, school_a):
    TopBudget.objects.create(year=2026, amount=Decimal("20000"))
    first = _top_in_behandeling(loket_users, school_a, "Kind Een")
    second = _top_in_behandeling(loket_users, school_a, "Kind Twee")
    _grant(first, loket_users["commissie"], "30000")  # books 15.000
    with pytest.raises(services.TransitionError) as error:
        _grant(second, loket_users["commissie"], "12000")  # 6.000 > 5.000 left
    assert "nog € 5000.00 beschikbaar" in error.value.message
    second.refresh_from_db()
    assert second.status == Aanvraag.Status.IN_BEHANDELING
    assert not Besluit.objects.filter(aanvraag=second).exists()
    # Refusing is always possible, whatever the budget.
    services.decide(second, loket_users["commissie"], uitkomst="afgewezen", motivering="Budget op.")


def test_grant_without_budget_for_the_year_is_refused(loket_users, school_a):
    aanvraag = _top_in_behandeling(loket_users, school_a, "Kind Een")
    with pytest.raises(services.TransitionError, match="geen TOP-budget"):
        _grant(aanvraag, loket_users["commissie"], "1000")


def test_per_school_cap_needs_an_override_at_decision_time(loket_users, school_a):
    """Issue 10: the per-school cap was only a warning; going over it now needs the
    commissie's explicit override with a reason (the cap message is still given)."""
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    settings_row = LoketSettings.load()
    settings_row.max_top_per_school_per_year = 1
    settings_row.save()
    first = _top_in_behandeling(loket_users, school_a, "Kind Een")
    second = _top_in_behandeling(loket_users, school_a, "Kind Twee")
    assert _grant(first, loket_users["commissie"], "1000")[1] == []
    with pytest.raises(services.TransitionError, match="maximum is 1"):
        _grant(second, loket_users["commissie"], "1000")
    _, warnings = services.decide(
        second,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Uitzonderlijke situatie.",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 12, 31),
        amount=Decimal("1000"),
        override=True,
        override_reason="Tweede kind met dezelfde hulpvraag.",
    )
    assert warnings and "afwijking" in warnings[0]


def test_budget_summary(loket_users, school_a):
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    aanvraag = _top_in_behandeling(loket_users, school_a, "Kind Een")
    _grant(aanvraag, loket_users["commissie"], "40000")
    summary = services.top_budget_summary(2026, today=datetime.date(2026, 9, 1))
    assert summary["reserved"] == Decimal("20000.00")
    assert summary["used"] == Decimal("0")
    assert summary["remaining"] == Decimal("180000.00")
    later = services.top_budget_summary(2026, today=datetime.date(2027, 9, 1))
    assert later["used"] == Decimal("20000.00") and later["reserved"] == Decimal("0")


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_grants_never_overcommit_the_budget(loket_users, school_a):
    """Six commissieleden grant at the same moment; only what fits is booked."""
    TopBudget.objects.create(year=2026, amount=Decimal("100000"))
    aanvragen = [_top_in_behandeling(loket_users, school_a, f"Kind {i}") for i in range(6)]
    commissie = loket_users["commissie"]
    barrier = threading.Barrier(len(aanvragen))
    outcomes = []

    def decide(aanvraag):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            _grant(aanvraag, commissie, "80000")  # SWV share 40.000 each
            outcomes.append("ok")
        except services.TransitionError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in aanvragen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "ok"] + ["refused"] * 4
    assert TopLedgerEntry.objects.count() == 2
    assert sum(e.amount for e in TopLedgerEntry.objects.all()) == Decimal("80000.00")


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_taking_in_at_once_only_one_succeeds(loket_users, school_a, make_user):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    # Three people who may each take it in (a beheerder may not: no pupil data).
    second = make_user(Role.COMMISSIE, email="commissie2@swv.example")
    staff = [loket_users["consulent"], loket_users["commissie"], second]
    barrier = threading.Barrier(len(staff))
    outcomes = []

    def take_in(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.take_in(aanvraag, user)
            outcomes.append("ok")
        except services.TransitionError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=take_in, args=(u,)) for u in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused", "refused"]
