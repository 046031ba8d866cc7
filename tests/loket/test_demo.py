"""The demo loket: every status for school A and B, attachments, besluiten, budget."""

from decimal import Decimal

from django.core import mail

from accounts import demo as accounts_demo
from loket import demo as loket_demo
from loket import services
from loket.models import Aanvraag, Besluit, Bijlage, Terugkoppeling, TopLedgerEntry
from tests.conftest import login_verified


def test_demo_fills_a_living_loket_and_is_idempotent(
    db, client, django_capture_on_commit_callbacks
):
    accounts_demo.run()
    with django_capture_on_commit_callbacks(execute=True):
        loket_demo.run()
    assert mail.outbox == []  # the demo mails nobody
    assert Aanvraag.objects.count() == len(loket_demo.DEMO)
    for brin in ("99AA00", "99BB00"):
        statuses = set(Aanvraag.objects.filter(school__brin=brin).values_list("status", flat=True))
        assert statuses == set(Aanvraag.Status.values)
    assert Bijlage.objects.filter(field_name="aanvulling").exists()
    assert Terugkoppeling.objects.exists() and Besluit.objects.count() == 4
    assert TopLedgerEntry.objects.count() == 2
    summary = services.top_budget_summary(2026)
    assert summary["budget"] == Decimal("200000")
    assert summary["remaining"] == Decimal("173000.00")

    loket_demo.run()
    assert Aanvraag.objects.count() == len(loket_demo.DEMO)

    from accounts.models import User

    login_verified(client, User.objects.get(email="ib@school-a.example"))
    page = client.get("/loket/").content.decode()
    assert "Lotte Demodorp" in page and "Finn Verzinsel" not in page
    bijlage = Bijlage.objects.filter(aanvraag__school__brin="99AA00").first()
    response = client.get(bijlage.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
