"""TOP ledger corrections (issue 25, "After the besluit"): booking per calendar year,
releases as negative lines, the herziening per year, the overview, the maximum.

The kader: "Het samenwerkingsverband stelt per kalenderjaar 200.000,- euro beschikbaar
voor TOP-arrangementen"; "Het schoolbestuur bekostigt 50% van het TOP-arrangement";
the maximum "is gelijk aan de kosten van een plaatsing in het SO/SBO".
"""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import ledger, services
from loket.lifecycle.herziening import revise
from loket.models import Aanvraag, Besluit, LogEntry, LoketSettings, TopBudget, TopLedgerEntry
from tests.loket.helpers import make_aanvraag

SEP_2026 = datetime.date(2026, 9, 1)
JUL_2027 = datetime.date(2027, 7, 31)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Rijvergrendeling en gelijktijdige transacties bestaan alleen op PostgreSQL.",
)


@pytest.fixture
def budgets(db):
    return [TopBudget.objects.create(year=y, amount=Decimal("200000")) for y in (2026, 2027)]


def _granted(users, school, amount="22000", naam="Kind Een", start=SEP_2026, end=JUL_2027):
    """A TOP-arrangement granted for a school year: SWV half € 11.000 → 4.000 + 7.000."""
    aanvraag = make_aanvraag(school, users["school_a"], naam=naam)
    services.take_in(aanvraag, users["consulent"])
    services.decide(
        aanvraag,
        users["commissie"],
        uitkomst="toegekend",
        motivering="Past binnen het kader.",
        start_date=start,
        end_date=end,
        amount=Decimal(amount),
    )
    return aanvraag


def _release_url(aanvraag):
    return f"/admin/loket/{aanvraag.pk}/actie/top-vrijgeven/"


def _release_data(year=2026, amount="1000.00", reden="gestopt", toelichting="Gestopt per 1/11."):
    return {
        "vrijgave-jaar": str(year),
        "vrijgave-bedrag": amount,
        "vrijgave-reden": reden,
        "vrijgave-toelichting": toelichting,
    }


# --- booking per calendar year ---------------------------------------------------------


def test_grant_books_four_and_seven_elevenths_and_logs_each_year(loket_users, school_a, budgets):
    aanvraag = _granted(loket_users, school_a)
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("4000.00"), 2027: Decimal("7000.00")}
    details = list(
        LogEntry.objects.filter(aanvraag_id=aanvraag.pk, action=LogEntry.Action.TOP_GEBOEKT)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == ["€ 4000.00 (2026)", "€ 7000.00 (2027)"]


def test_grant_without_a_budget_for_a_later_year_is_refused_and_saves_nothing(
    loket_users, school_a
):
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    with pytest.raises(TransitionError, match="geen TOP-budget vastgesteld voor 2027"):
        services.decide(
            aanvraag,
            loket_users["commissie"],
            uitkomst="toegekend",
            motivering="Past.",
            start_date=SEP_2026,
            end_date=JUL_2027,
            amount=Decimal("22000"),
        )
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.IN_BEHANDELING
    assert not Besluit.objects.exists() and not TopLedgerEntry.objects.exists()


# --- releases --------------------------------------------------------------------------


def test_commissie_releases_part_of_a_year_through_the_admin(
    client, loket_users, school_a, budgets
):
    aanvraag = _granted(loket_users, school_a)
    login_verified(client, loket_users["commissie"])
    page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert "TOP-budget vrijgeven" in page and "TOP-budget: regels van deze aanvraag" in page

    response = client.post(
        _release_url(aanvraag),
        _release_data(2026, "1500.00", "gestopt", "Leerling Een is gestopt."),
    )
    assert response.status_code == 302
    line = TopLedgerEntry.objects.get(aanvraag=aanvraag, amount__lt=0)
    assert line.amount == Decimal("-1500.00") and line.budget.year == 2026
    assert line.reden == "gestopt" and not line.door_besluit
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("2500.00"), 2027: Decimal("7000.00")}
    log = LogEntry.objects.get(aanvraag_id=aanvraag.pk, action=LogEntry.Action.TOP_VRIJGEGEVEN)
    assert log.detail == "€ 1500.00 (2026), gestopt"  # the amount, never the free text
    # The booking itself is still there, unchanged: append only.
    assert TopLedgerEntry.objects.filter(aanvraag=aanvraag, amount__gt=0).count() == 2

    page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert "vrijgave: gestopt" in page and "€\u00a0-1.500,00" in page
    assert "Geboekt in 2026: € 2.500,00" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_release_data(2026, "4000.01"), "hoogstens € 4000.00 vrijgeven"),
        (_release_data(2026, "0"), "Controleer het jaar"),
        (_release_data(2026, "-5"), "Controleer het jaar"),
        (_release_data(2026, "abc"), "Controleer het jaar"),
        (_release_data(2028), "Controleer het jaar"),  # nothing booked in 2028
        (_release_data(reden="omdat"), "Controleer het jaar"),
        (_release_data(toelichting="  "), "Controleer het jaar"),
    ],
)
def test_bad_release_is_a_dutch_400_and_saves_nothing(
    client, loket_users, school_a, budgets, data, message
):
    aanvraag = _granted(loket_users, school_a)
    login_verified(client, loket_users["commissie"])
    response = client.post(_release_url(aanvraag), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TopLedgerEntry.objects.filter(amount__lt=0).exists()


def test_never_below_zero_per_year(loket_users, school_a, budgets):
    aanvraag = _granted(loket_users, school_a)
    commissie = loket_users["commissie"]
    ledger.release(
        aanvraag, commissie, year=2026, amount="4000", reden="ingetrokken", toelichting="Weg."
    )
    with pytest.raises(TransitionError) as refused:
        ledger.release(
            aanvraag, commissie, year=2026, amount="0.01", reden="gestopt", toelichting="Nog."
        )
    assert refused.value.status == 400 and "niets geboekt" in refused.value.message
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("0.00"), 2027: Decimal("7000.00")}


def test_only_the_commissie_releases(loket_users, school_a, budgets):
    aanvraag = _granted(loket_users, school_a)
    for who in ("consulent", "school_a", "beheerder", "externe"):
        with pytest.raises(TransitionError) as refused:
            ledger.release(
                aanvraag,
                loket_users[who],
                year=2026,
                amount="10",
                reden="gestopt",
                toelichting="x",
            )
        assert refused.value.status == 403, who
    assert not TopLedgerEntry.objects.filter(amount__lt=0).exists()


# --- herziening per year ---------------------------------------------------------------


def test_herziening_lowering_releases_the_difference_per_year_keeping_hand_releases(
    loket_users, school_a, budgets
):
    aanvraag = _granted(loket_users, school_a)  # 4.000 + 7.000
    commissie = loket_users["commissie"]
    ledger.release(
        aanvraag, commissie, year=2027, amount="1000", reden="lagere_kosten", toelichting="Minder."
    )
    revise(
        aanvraag,
        commissie,
        reden="Bezwaar gegrond.",
        uitkomst="toegekend",
        motivering="Lager bedrag.",
        start_date=SEP_2026,
        end_date=JUL_2027,
        amount=Decimal("11000"),  # SWV half 5.500 → 2.000 + 3.500
    )
    # 2026: 4.000 → 2.000; 2027: 3.500 less the 1.000 released by hand → 2.500.
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("2000.00"), 2027: Decimal("2500.00")}
    automatic = TopLedgerEntry.objects.filter(aanvraag=aanvraag, reden="herziening")
    assert sorted((e.budget.year, e.amount) for e in automatic) == [
        (2026, Decimal("-2000.00")),
        (2027, Decimal("-3500.00")),
    ]
    revise(
        aanvraag,
        commissie,
        reden="Ingetrokken.",
        uitkomst="afgewezen",
        motivering="Toch niet.",
    )
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("0.00"), 2027: Decimal("0.00")}
    assert TopLedgerEntry.objects.filter(aanvraag=aanvraag).count() == 7  # nothing deleted


def test_herziening_into_a_year_without_budget_is_refused_and_nothing_changes(
    loket_users, school_a, budgets
):
    aanvraag = _granted(loket_users, school_a)
    before = list(TopLedgerEntry.objects.values_list("pk", flat=True))
    with pytest.raises(TransitionError, match="geen TOP-budget vastgesteld voor 2028"):
        revise(
            aanvraag,
            loket_users["commissie"],
            reden="Later gestart.",
            uitkomst="toegekend",
            motivering="Een jaar later.",
            start_date=datetime.date(2027, 9, 1),
            end_date=datetime.date(2028, 7, 31),
            amount=Decimal("22000"),
        )
    assert list(TopLedgerEntry.objects.values_list("pk", flat=True)) == before
    assert Besluit.objects.get(aanvraag=aanvraag).start_date == SEP_2026


# --- the maximum -----------------------------------------------------------------------


def test_top_maximum_needs_an_override_with_a_reason(client, loket_users, school_a, budgets):
    settings_row = LoketSettings.load()
    settings_row.top_max_amount = Decimal("20000")
    settings_row.save()
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    login_verified(client, loket_users["commissie"])
    data = {
        "besluit-uitkomst": "toegekend",
        "besluit-motivering": "Past binnen het kader.",
        "besluit-start_date": "2026-09-01",
        "besluit-end_date": "2027-07-31",
        "besluit-amount": "22000.00",
    }
    url = f"/admin/loket/{aanvraag.pk}/actie/besluit/"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "hoger dan het maximum voor een TOP-arrangement van € 20.000,00" in (
        response.content.decode()
    )
    assert not Besluit.objects.exists() and not TopLedgerEntry.objects.exists()
    response = client.post(
        url,
        {**data, "besluit-override": "on", "besluit-override_reason": "Zeer intensieve zorg."},
    )
    assert response.status_code == 302
    assert Besluit.objects.get().override_reason == "Zeer intensieve zorg."
    line = LogEntry.objects.get(aanvraag_id=aanvraag.pk, action=LogEntry.Action.AFWIJKING)
    assert "TOP-arrangement" in line.detail and "intensieve" not in line.detail
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("4000.00"), 2027: Decimal("7000.00")}


# --- the overview per year -------------------------------------------------------------


def test_overview_per_year_in_the_admin(
    client, loket_users, school_a, budgets, django_assert_max_num_queries
):
    aanvraag = _granted(loket_users, school_a)
    ledger.release(
        aanvraag,
        loket_users["commissie"],
        year=2027,
        amount="500",
        reden="lagere_kosten",
        toelichting="Minder uren.",
    )
    rows = {row.year: row for row in services.budget_overview()}
    assert (rows[2027].booked, rows[2027].released, rows[2027].available) == (
        Decimal("7000.00"),
        Decimal("500.00"),
        Decimal("193500.00"),
    )
    assert rows[2026].available == Decimal("196000.00")

    login_verified(client, loket_users["beheerder"])
    url = "/admin/snippets/loket/topbudget/"
    client.get(url)  # warm the per-user caches
    with django_assert_max_num_queries(25) as few:
        page = client.get(url).content.decode()
    for text in ("Geboekt", "Vrijgegeven", "Beschikbaar", "€\u00a0193.500,00", "€\u00a0500,00"):
        assert text in page
    assert "Kind Een" not in page and aanvraag.reference not in page  # amounts only
    # More years and more lines: not one query more.
    TopBudget.objects.create(year=2028, amount=Decimal("100000"))
    _granted(loket_users, school_a, naam="Kind Twee")
    _granted(loket_users, school_a, naam="Kind Drie")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "€\u00a0100.000,00" in page


# --- concurrency -----------------------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_releases_over_http_never_go_below_zero(loket_users, school_a):
    """Four commissieleden release € 3.000 of 2026 (€ 4.000 booked) at the same moment:
    one succeeds, the others get a Dutch 400; the year never goes below zero."""
    for year in (2026, 2027):
        TopBudget.objects.create(year=year, amount=Decimal("200000"))
    aanvraag = _granted(loket_users, school_a)
    clients = [login_verified(Client(), loket_users["commissie"]) for _ in range(4)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def release(client):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            response = client.post(_release_url(aanvraag), _release_data(2026, "3000.00"))
            statuses.append(response.status_code)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=release, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 400, 400, 400]
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("1000.00"), 2027: Decimal("7000.00")}


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_grants_over_two_years_never_overcommit(loket_users, school_a):
    """Grants that each book in 2026 and 2027, at once: 2027 (the smaller budget) holds
    two of them; both years are locked in the same order, so nobody deadlocks."""
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    TopBudget.objects.create(year=2027, amount=Decimal("14000"))
    aanvragen = []
    for i in range(4):
        aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam=f"Kind {i}")
        services.take_in(aanvraag, loket_users["consulent"])
        aanvragen.append(aanvraag)
    barrier = threading.Barrier(len(aanvragen))
    outcomes = []

    def grant(aanvraag):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.decide(
                aanvraag,
                loket_users["commissie"],
                uitkomst="toegekend",
                motivering="Past.",
                start_date=SEP_2026,
                end_date=JUL_2027,
                amount=Decimal("22000"),  # 4.000 in 2026, 7.000 in 2027
            )
            outcomes.append("ok")
        except TransitionError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=grant, args=(a,)) for a in aanvragen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "ok", "refused", "refused"]
    booked = {row.year: row.booked for row in services.budget_overview()}
    assert booked == {2026: Decimal("8000.00"), 2027: Decimal("14000.00")}
