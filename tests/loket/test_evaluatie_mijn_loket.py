"""Mijn loket lists the school's evaluations due soon and overdue (issue 25), each with
the button that opens its evaluation form; received, far-off, refused, restricted and
other schools' moments are not listed; the page's queries do not grow with dossiers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.demo.bulk import bulk_aanvragen
from loket.models import Besluit, Dossier, Evaluatiemoment
from tests.loket.test_evaluatie import _granted

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAYS = datetime.timedelta


def _moments_on(aanvragen, due, uitkomst=Besluit.Uitkomst.TOEGEKEND):
    """A besluit and one open moment on each of ``aanvragen`` (bulk, without the flow)."""
    Besluit.objects.bulk_create(
        [Besluit(aanvraag=a, uitkomst=uitkomst, motivering="Passend.") for a in aanvragen]
    )
    Evaluatiemoment.objects.bulk_create(
        [Evaluatiemoment(aanvraag=a, due_date=due, bron="besluit") for a in aanvragen]
    )


def test_due_and_overdue_evaluations_are_listed_with_their_button(
    school_client, loket_users, school_a, school_b, demo_forms
):
    aanvraag = _granted(
        loket_users,
        school_a,
        naam="Evi Evaluatiekind",
        start=TODAY - DAYS(60),
        dates=[TODAY - DAYS(3), TODAY + DAYS(5), TODAY + DAYS(100)],
    )
    overdue, soon, far = aanvraag.evaluatiemomenten.order_by("due_date")
    received, restricted, refused = bulk_aanvragen(school_a, loket_users["school_a"], 3)
    _moments_on([received, restricted], TODAY - DAYS(1))
    _moments_on([refused], TODAY - DAYS(1), uitkomst=Besluit.Uitkomst.AFGEWEZEN)
    Evaluatiemoment.objects.filter(aanvraag=received).update(status="ontvangen")
    Dossier.objects.filter(pk=restricted.dossier_id).update(beperkt_sinds=timezone.now())
    other = bulk_aanvragen(school_b, loket_users["school_b"], 1, start=10)
    _moments_on(other, TODAY - DAYS(1))

    page = school_client.get("/loket/").content.decode()
    assert "Evaluaties om in te vullen" in page
    section = page.split('id="evaluaties-due-kop"', 1)[1].split("</section>", 1)[0]
    for moment in (overdue, soon):
        assert f"/loket/aanvragen/{aanvraag.reference}/evaluaties/{moment.pk}/" in section
    assert f"evaluaties/{far.pk}/" not in section
    assert "Te laat" in section and "Binnenkort" in section
    assert "Evi Evaluatiekind" in section and "Evaluatie invullen" in section
    for left_out in (received, restricted, refused, other[0]):
        assert left_out.reference not in section, left_out
    # The button opens the evaluation form for that moment (the usual start).
    start = school_client.post(f"/loket/aanvragen/{aanvraag.reference}/evaluaties/{overdue.pk}/")
    assert start.status_code == 302 and "/concept/" in start.url
    page = school_client.get("/loket/").content.decode()
    assert "Verder met de evaluatie" in page


def test_no_section_without_due_evaluations_and_none_for_staff(client, loket_users, school_a):
    from devkit.clients import login_verified

    aanvraag = _granted(loket_users, school_a, dates=[TODAY + DAYS(100)])
    login_verified(client, loket_users["school_a"])
    assert "Evaluaties om in te vullen" not in client.get("/loket/").content.decode()
    Evaluatiemoment.objects.filter(aanvraag=aanvraag).update(due_date=TODAY - DAYS(1))
    assert "Evaluaties om in te vullen" in client.get("/loket/").content.decode()
    client.logout()
    login_verified(client, loket_users["commissie"])
    assert "Evaluaties om in te vullen" not in client.get("/loket/").content.decode()


def test_the_list_queries_do_not_grow_with_dossiers(school_client, loket_users, school_a):
    _moments_on(bulk_aanvragen(school_a, loket_users["school_a"], 2), TODAY - DAYS(1))
    school_client.get("/loket/")  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        assert school_client.get("/loket/").status_code == 200
    _moments_on(bulk_aanvragen(school_a, loket_users["school_a"], 40, start=2), TODAY)
    with CaptureQueriesContext(connection) as large:
        page = school_client.get("/loket/").content.decode()
    assert page.count("Evaluatie invullen") == 42
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
