"""Herziening: a new decision with a reason; the document the school received stays
as sent and is marked superseded; the TOP ledger follows (release, booking within
budget, also under parallel herzieningen on PostgreSQL); bad input is a Dutch 4xx."""

import datetime
import hashlib
import threading
from decimal import Decimal

import pytest
from django.db import connection

from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import bezwaar as bezwaar_rules
from loket.lifecycle import documenten, ledger, services
from loket.lifecycle.herziening import revise
from loket.models import Besluit, FormeelDocument, Herziening, LogEntry, TopBudget, TopLedgerEntry
from tests.loket.helpers import make_aanvraag, pdf_text

# Within one calendar year, so each grant books on the 2026 budget alone (the split
# over years is in test_ledger_correcties.py and test_verdeling.py).
START = datetime.date(2026, 2, 1)
END = datetime.date(2026, 12, 31)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Rijvergrendeling en gelijktijdige transacties bestaan alleen op PostgreSQL.",
)


def _decided(users, school, naam, uitkomst, amount="30000"):
    aanvraag = make_aanvraag(school, users["school_a"], naam=naam)
    services.take_in(aanvraag, users["consulent"])
    fields = {}
    if uitkomst == "toegekend":
        fields = {"start_date": START, "end_date": END, "amount": Decimal(amount)}
    services.decide(aanvraag, users["commissie"], uitkomst=uitkomst, motivering="Eerst.", **fields)
    return aanvraag


def _grant_fields(amount="30000"):
    return {
        "uitkomst": "toegekend",
        "start_date": START,
        "end_date": END,
        "amount": Decimal(amount),
    }


@pytest.fixture
def budget(db):
    return TopBudget.objects.create(year=2026, amount=Decimal("40000"))


def test_toegekend_to_afgewezen_releases_the_booking(loket_users, school_a, budget):
    aanvraag = _decided(loket_users, school_a, "Kind Een", "toegekend")
    assert TopLedgerEntry.objects.get(aanvraag=aanvraag).amount == Decimal("15000.00")
    herziening, _w = revise(
        aanvraag,
        loket_users["commissie"],
        reden="Bezwaar van het bestuur gegrond.",
        uitkomst="afgewezen",
        motivering="Past niet in het kader.",
    )
    # Append only: the booking stays, a negative line releases it.
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("0.00")}
    lines = TopLedgerEntry.objects.filter(aanvraag=aanvraag).order_by("pk")
    assert [(e.amount, e.reden) for e in lines] == [
        (Decimal("15000.00"), ""),
        (Decimal("-15000.00"), "herziening"),
    ]
    besluit = Besluit.objects.get(aanvraag=aanvraag)
    assert besluit.uitkomst == "afgewezen" and besluit.amount is None
    assert herziening.vorige_uitkomst == "toegekend" and herziening.vorig_bedrag == Decimal(
        "30000.00"
    )
    lines = dict(LogEntry.objects.filter(aanvraag_id=aanvraag.pk).values_list("action", "detail"))
    assert lines["herziening"] == "Toegekend → Afgewezen"
    assert lines["top_vrijgegeven"] == "€ 15000.00 (2026), herziening"


def test_afgewezen_to_toegekend_books_within_budget(loket_users, school_a, budget):
    aanvraag = _decided(loket_users, school_a, "Kind Een", "afgewezen")
    revise(
        aanvraag,
        loket_users["commissie"],
        reden="Nieuwe informatie.",
        motivering="Toch toegekend.",
        **_grant_fields("30000"),
    )
    assert TopLedgerEntry.objects.get(aanvraag=aanvraag).amount == Decimal("15000.00")


def test_herziening_over_budget_is_refused_and_nothing_changes(loket_users, school_a, budget):
    other = _decided(loket_users, school_a, "Kind Een", "toegekend", amount="60000")  # 30.000
    aanvraag = _decided(loket_users, school_a, "Kind Twee", "afgewezen")
    original = documenten.archived_document(aanvraag, "besluit")
    with pytest.raises(TransitionError) as refused:
        revise(
            aanvraag,
            loket_users["commissie"],
            reden="Toch.",
            motivering="Toch.",
            **_grant_fields("30000"),
        )
    assert refused.value.status == 409 and "nog € 10000.00 beschikbaar" in refused.value.message
    assert Besluit.objects.get(aanvraag=aanvraag).uitkomst == "afgewezen"
    assert not Herziening.objects.exists()
    assert not FormeelDocument.objects.filter(kind="herziening").exists()
    original.refresh_from_db()
    assert original.vervangen_door is None
    assert TopLedgerEntry.objects.get(aanvraag=other).amount == Decimal("30000.00")


def test_lower_amount_rebooks_and_frees_the_difference(loket_users, school_a, budget):
    aanvraag = _decided(loket_users, school_a, "Kind Een", "toegekend", amount="80000")
    revise(
        aanvraag,
        loket_users["commissie"],
        reden="Werkelijke kosten lager.",
        motivering="Bijgesteld.",
        **_grant_fields("50000"),
    )
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("25000.00")}
    release = TopLedgerEntry.objects.get(aanvraag=aanvraag, amount__lt=0)
    assert release.amount == Decimal("-15000.00") and release.reden == "herziening"
    assert TopLedgerEntry.objects.count() == 2


def test_without_reason_is_a_400_and_nothing_saved(loket_users, school_a, budget):
    aanvraag = _decided(loket_users, school_a, "Kind Een", "toegekend")
    for reden, motivering in (("", "Motivering."), ("Reden.", "  ")):
        with pytest.raises(TransitionError) as refused:
            revise(
                aanvraag,
                loket_users["commissie"],
                reden=reden,
                uitkomst="afgewezen",
                motivering=motivering,
            )
        assert refused.value.status == 400
    assert not Herziening.objects.exists()
    assert TopLedgerEntry.objects.filter(aanvraag=aanvraag).exists()


def test_only_the_commissie_and_only_a_besluit(loket_users, school_a, budget):
    aanvraag = _decided(loket_users, school_a, "Kind Een", "afgewezen")
    for who in ("consulent", "school_a", "beheerder"):
        with pytest.raises(TransitionError) as refused:
            revise(aanvraag, loket_users[who], reden="x", uitkomst="afgewezen", motivering="x")
        assert refused.value.status == 403, who
    open_one = make_aanvraag(school_a, loket_users["school_a"], naam="Open Kind")
    with pytest.raises(TransitionError) as refused:
        revise(open_one, loket_users["commissie"], reden="x", uitkomst="afgewezen", motivering="x")
    assert refused.value.status == 409


def test_original_stays_as_sent_and_school_sees_both(client, loket_users, school_a, budget):
    aanvraag = _decided(loket_users, school_a, "Kind Een", "afgewezen")
    # The background task has not archived the besluit yet: the herziening does it first.
    assert not FormeelDocument.objects.filter(aanvraag=aanvraag, kind="besluit").exists()
    bezwaar = bezwaar_rules.lodge(aanvraag, loket_users["school_a"], "Niet eens.")
    bezwaar_rules.decide_bezwaar(bezwaar, loket_users["commissie"], "gegrond", "Terecht.")
    herziening, _w = revise(
        aanvraag,
        loket_users["commissie"],
        reden="Bezwaar gegrond.",
        motivering="Alsnog toegekend.",
        **_grant_fields("20000"),
    )
    assert herziening.bezwaar == bezwaar
    original = FormeelDocument.objects.get(aanvraag=aanvraag, kind="besluit")
    assert original.vervangen_door == herziening
    original_bytes = original.file.open("rb").read()
    assert "Afgewezen" in pdf_text(original_bytes)
    assert original.sha256 == hashlib.sha256(original_bytes).hexdigest()
    letter = FormeelDocument.objects.get(aanvraag=aanvraag, kind="herziening")
    text = pdf_text(letter.file.open("rb").read())
    assert "Herzien besluit" in text and "Bezwaar gegrond." in text
    login_verified(client, loket_users["school_a"])
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Oorspronkelijk besluit (pdf)" in page and "vervangen door herziening van" in page
    assert letter.get_absolute_url() in page
    download = client.get(original.get_absolute_url())
    assert b"".join(download.streaming_content) == original_bytes  # as sent, byte for byte


def test_admin_herziening_without_reason_is_a_dutch_400(client, loket_users, school_a, budget):
    aanvraag = _decided(loket_users, school_a, "Kind Een", "toegekend")
    login_verified(client, loket_users["commissie"])
    url = f"/admin/loket/{aanvraag.pk}/actie/herziening/"
    response = client.post(
        url, {"herziening-uitkomst": "afgewezen", "herziening-motivering": "Nee."}
    )
    assert response.status_code == 400
    assert "Controleer de velden van de herziening" in response.content.decode()
    response = client.post(
        url,
        {
            "herziening-reden": "Fout in het besluit.",
            "herziening-uitkomst": "afgewezen",
            "herziening-motivering": "Nee.",
        },
    )
    assert response.status_code == 302
    assert ledger.net_by_year(aanvraag) == {2026: Decimal("0.00")}


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_herzieningen_never_overcommit(loket_users, school_a):
    """Four refused TOP-arrangementen are granted on revision at the same moment;
    the budget holds two of them."""
    TopBudget.objects.create(year=2026, amount=Decimal("30000"))
    aanvragen = [_decided(loket_users, school_a, f"Kind {i}", "afgewezen") for i in range(4)]
    for aanvraag in aanvragen:
        documenten.archived_document(aanvraag, "besluit")  # as the background task would
    barrier = threading.Barrier(len(aanvragen))
    outcomes = []

    def herzien(aanvraag):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            revise(
                aanvraag,
                loket_users["commissie"],
                reden="Herzien.",
                motivering="Toegekend.",
                **_grant_fields("30000"),
            )
            outcomes.append("ok")
        except TransitionError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=herzien, args=(a,)) for a in aanvragen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "ok", "refused", "refused"]
    assert sum(e.amount for e in TopLedgerEntry.objects.all()) == Decimal("30000.00")
    assert Herziening.objects.count() == 2
