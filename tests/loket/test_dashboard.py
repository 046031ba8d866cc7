"""The dashboard panel: counts, overdue, TOP budget; filtered by the policy."""

import datetime
from decimal import Decimal

from django.utils import timezone

from devkit.clients import login_verified
from loket.models import Aanvraag, TopBudget
from tests.loket.helpers import make_aanvraag


def test_panel_shows_counts_overdue_and_budget(client, loket_users, school_a, school_b):
    TopBudget.objects.create(year=timezone.localdate().year, amount=Decimal("200000"))
    old = make_aanvraag(school_a, loket_users["school_a"], naam="Kind Oud")
    Aanvraag.objects.filter(pk=old.pk).update(
        completed_at=timezone.now() - datetime.timedelta(weeks=7)
    )
    make_aanvraag(school_b, loket_users["school_b"], naam="Kind B")
    login_verified(client, loket_users["commissie"])
    page = client.get("/admin/").content.decode()
    assert "Ingediend: <strong>2</strong>" in page
    assert "<strong>1</strong> complete aanvraag zonder besluit na 6 weken" in page
    assert "€ 200.000,00" in page
    assert "Kind Oud" not in page  # aggregated figures only
    client.logout()
    login_verified(client, loket_users["consulent"])
    page = client.get("/admin/").content.decode()
    assert "Ingediend: <strong>1</strong>" in page  # school A only


def test_beheerder_sees_the_counts_of_all_schools(client, loket_users, school_a, school_b):
    make_aanvraag(school_a, loket_users["school_a"], naam="Kind A")
    make_aanvraag(school_b, loket_users["school_b"], naam="Kind B")
    login_verified(client, loket_users["beheerder"])
    page = client.get("/admin/").content.decode()
    assert "Ingediend: <strong>2</strong>" in page
    assert "Kind A" not in page and "Kind B" not in page
    assert "Naar de aanvragen" not in page


def test_panel_not_shown_to_redacteur(client, loket_users):
    login_verified(client, loket_users["redacteur"])
    assert "loket-dashboard-kop" not in client.get("/admin/").content.decode()
