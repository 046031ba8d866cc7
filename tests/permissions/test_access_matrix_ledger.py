"""The TOP release action (``POST /admin/loket/<pk>/actie/top-vrijgeven/``), per visitor.

The commissie decides on money, so only the commissie releases; the consulent of the
school reads the ledger lines but is refused the release (403); a consulent of
another school does not find the aanvraag (404); school users, externen, the
beheerder (no pupil data) and redacteuren never reach the admin action. Nothing is
released by anyone but the commissie, and nothing answers 500.
"""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from loket.lifecycle import ledger, services
from loket.models import TopBudget, TopLedgerEntry
from tests.loket.helpers import make_aanvraag
from tests.permissions.matrix import LOGIN, VERIFY, outcome_of, signed_in

# Wagtail answers a refused admin page with a redirect to the dashboard (302).
EXPECTED = {
    "anonymous": LOGIN,
    "unverified": VERIFY,
    "school_a": LOGIN,
    "school_b": LOGIN,
    "externe": LOGIN,
    "redacteur": 302,
    "beheerder": 302,
    "consulent_other": 404,
    "consulent": 403,
    "commissie": 302,  # released: back to the aanvraag
}


@pytest.fixture
def granted_top(loket_users, school_a):
    for year in (2026, 2027):
        TopBudget.objects.create(year=year, amount=Decimal("200000"))
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(
        aanvraag,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Past.",
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 7, 31),
        amount=Decimal("22000"),
    )
    return aanvraag


def test_top_release_access_matrix(loket_users, make_user, granted_top):
    people = {
        **loket_users,
        "consulent_other": make_user(Role.CONSULENT, email="andere-consulent@swv.example"),
    }
    url = f"/admin/loket/{granted_top.pk}/actie/top-vrijgeven/"
    data = {
        "vrijgave-jaar": "2026",
        "vrijgave-bedrag": "100.00",
        "vrijgave-reden": "gestopt",
        "vrijgave-toelichting": "Gestopt.",
    }
    failures = []
    for actor, expected in EXPECTED.items():
        client = signed_in(actor, people)
        response = client.post(url, data)
        outcome = outcome_of(response)
        if response.status_code >= 500 or outcome != expected:
            failures.append((actor, outcome, expected))
        if actor in ("redacteur", "beheerder") and response.status_code == 302:
            assert response["Location"] == "/admin/", actor
        if actor != "commissie":
            assert not TopLedgerEntry.objects.filter(amount__lt=0).exists(), actor
        if actor not in ("consulent", "commissie"):  # who may see the aanvraag at all
            assert "Geheime" not in response.content.decode(), actor
    assert not failures, failures
    assert ledger.net_by_year(granted_top)[2026] == Decimal("3900.00")  # the commissie's one


def test_consulent_reads_the_ledger_lines_without_the_release_tab(client, loket_users, granted_top):
    from devkit.clients import login_verified

    login_verified(client, loket_users["consulent"])
    page = client.get(f"/admin/loket/{granted_top.pk}/").content.decode()
    assert "TOP-budget: regels van deze aanvraag" in page
    assert "Geboekt in 2026: € 4.000,00" in page
    assert "TOP-budget vrijgeven" not in page
