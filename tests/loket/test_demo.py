"""The demo loket: every status for school A and B, attachments, besluiten, budget."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts import demo as accounts_demo
from devkit.clients import login_verified
from loket.demo import seed as loket_demo
from loket.lifecycle import services
from loket.models import Aanvraag, Besluit, Bijlage, LoketSettings, Terugkoppeling, TopLedgerEntry


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
    assert Terugkoppeling.objects.exists() and Besluit.objects.count() == 5
    # Two grants, booked per calendar year, and one release (lower real costs).
    assert TopLedgerEntry.objects.filter(amount__lt=0, reden="lagere_kosten").count() == 1
    assert sum(e.amount for e in TopLedgerEntry.objects.all()) == Decimal("26000.00")
    assert LoketSettings.load().top_max_amount == Decimal("30000.00")  # an assumption
    # The privacy officer's register: two fictional requests, one overdue.
    from loket.privacy.verzoeken import services as verzoeken

    assert verzoeken.open_requests().count() == 2 and verzoeken.due_soon().count() == 1

    from loket.lifecycle import tlv

    # A TLV that ends this school year, its reminder due (sent by the scheduler).
    assert tlv.remind() == 1
    this_year = timezone.localdate().year
    summary = services.top_budget_summary(this_year)
    assert summary["budget"] == Decimal("200000")
    booked_now = sum(e.amount for e in TopLedgerEntry.objects.filter(budget__year=this_year))
    assert summary["remaining"] == Decimal("200000") - booked_now

    # The commissie's agenda and the consulent's internal note and action item.
    from loket.models import Actiepunt, Agendapunt, Notitie, Vergadering

    # Two vergaderingen: one held, where one aanvraag was postponed (with notulen).
    assert Vergadering.objects.count() == 2
    uitgesteld = Agendapunt.objects.get(status=Agendapunt.Status.UITGESTELD)
    assert uitgesteld.notulen and uitgesteld.vergadering.date < timezone.localdate()
    assert uitgesteld.moved_to.vergadering.date > timezone.localdate()
    assert set(Agendapunt.objects.values_list("aanvraag__status", flat=True)) <= {
        "in_behandeling",
        "aangevuld",
    }
    assert Agendapunt.objects.exists() and Notitie.objects.exists()
    assert Actiepunt.objects.filter(done_at__isnull=True).exists()

    # One bezwaar of school B: heard, ongegrond, both letters archived.
    from loket.models import Bezwaar

    bezwaar = Bezwaar.objects.get()
    assert bezwaar.aanvraag.school.brin == "99BB00" and bezwaar.uitkomst == "ongegrond"
    assert bezwaar.hoorzitting_op and bezwaar.documenten.count() == 2
    assert bezwaar.bijlagen.count() == 1

    loket_demo.run()
    assert Aanvraag.objects.count() == len(loket_demo.DEMO)
    # Two vergaderingen: one held, where one aanvraag was postponed (with notulen).
    assert Vergadering.objects.count() == 2
    uitgesteld = Agendapunt.objects.get(status=Agendapunt.Status.UITGESTELD)
    assert uitgesteld.notulen and uitgesteld.vergadering.date < timezone.localdate()
    assert uitgesteld.moved_to.vergadering.date > timezone.localdate()

    from accounts.models import User

    login_verified(client, User.objects.get(email="ib@school-a.example"))
    page = client.get("/loket/").content.decode()
    assert "Lotte Demodorp" in page and "Finn Verzinsel" not in page
    bijlage = Bijlage.objects.filter(aanvraag__school__brin="99AA00").first()
    response = client.get(bijlage.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_does_not_age(client):
    """Run in 2028, the demo shows 2028's TOP budget with this year's grants booked on it,
    and aanvragen submitted days, not years, ago."""
    when = datetime.datetime(2028, 3, 14, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(when, tick=True):
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        from accounts.models import User

        newest = Aanvraag.objects.order_by("-submitted_at").first()
        assert newest.reference.startswith("SWV-2028-")
        assert (timezone.now() - newest.submitted_at).days < 7
        # Granted on 14 March for half a year: all in 2028, less the € 1.000 released.
        assert set(TopLedgerEntry.objects.values_list("budget__year", flat=True)) == {2028}
        for email in ("commissie@swv.example", "consulent@swv.example"):
            login_verified(client, User.objects.get(email=email))
            page = client.get("/admin/").content.decode()
            assert "TOP-budget 2028" in page
            assert "Budget: <strong>€ 200.000,00</strong>" in page
            assert "Beschikbaar: <strong>€ 174.000,00</strong>" in page
            assert "nog geen TOP-budget" not in page
