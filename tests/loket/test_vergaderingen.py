"""The commissie plans aanvragen that are ready for a besluit on a vergadering and
works from its agenda."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import services
from loket.models import Agendapunt, LogEntry, Vergadering
from loket.staff import vergaderingen
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db


def _ready(loket_users, school_a, naam="Vera Vergaderkind"):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam=naam)
    services.take_in(aanvraag, loket_users["consulent"])
    return aanvraag


def _next_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def test_commissie_adds_a_vergadering_plans_and_works_from_the_agenda(
    client, loket_users, school_a
):
    aanvraag = _ready(loket_users, school_a)
    login_verified(client, loket_users["commissie"])
    assert client.get("/admin/loket/vergaderingen/").status_code == 200
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post("/admin/loket/vergaderingen/", {"date": past, "title": "Oud"})
    assert response.status_code == 400
    response = client.post("/admin/loket/vergaderingen/", {"date": _next_week(), "title": "CvT"})
    assert response.status_code == 302
    vergadering = Vergadering.objects.get()

    detail = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert "Op de agenda zetten" in detail
    response = client.post(
        f"/admin/loket/{aanvraag.pk}/actie/agenderen/", {"agenda-vergadering": vergadering.pk}
    )
    assert response.status_code == 302
    assert Agendapunt.objects.get().aanvraag == aanvraag
    assert LogEntry.objects.filter(aanvraag=aanvraag, action="geagendeerd").exists()

    agenda = client.get(f"/admin/loket/vergaderingen/{vergadering.pk}/").content.decode()
    assert aanvraag.reference in agenda and "Vera Vergaderkind" in agenda
    assert f"/admin/loket/{aanvraag.pk}/#tab-besluit" in agenda
    listing = client.get("/admin/loket/vergaderingen/").content.decode()
    assert "CvT" in listing

    # Off the agenda again.
    response = client.post(f"/admin/loket/{aanvraag.pk}/actie/van-agenda/")
    assert response.status_code == 302
    assert not Agendapunt.objects.exists()
    assert client.post(f"/admin/loket/{aanvraag.pk}/actie/van-agenda/").status_code == 404


def test_only_ready_aanvragen_and_only_the_commissie(loket_users, school_a):
    vergadering = vergaderingen.create_vergadering(loket_users["commissie"], _next_week())
    submitted = make_aanvraag(school_a, loket_users["school_a"])
    with pytest.raises(TransitionError) as error:
        vergaderingen.plan(submitted, loket_users["commissie"], vergadering)
    assert error.value.status == 409
    ready = _ready(loket_users, school_a, naam="Kind Klaar")
    with pytest.raises(TransitionError) as error:
        vergaderingen.plan(ready, loket_users["consulent"], vergadering)
    assert error.value.status == 403
    with pytest.raises(TransitionError):
        vergaderingen.create_vergadering(loket_users["consulent"], _next_week())
    # A vergadering that has been cannot take new aanvragen.
    Vergadering.objects.filter(pk=vergadering.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=2)
    )
    vergadering.refresh_from_db()
    with pytest.raises(TransitionError):
        vergaderingen.plan(ready, loket_users["commissie"], vergadering)


def test_consulents_read_the_agenda_of_their_own_schools(
    client, loket_users, school_a, school_b, make_user
):
    aanvraag = _ready(loket_users, school_a)
    vergadering = vergaderingen.create_vergadering(loket_users["commissie"], _next_week())
    vergaderingen.plan(aanvraag, loket_users["commissie"], vergadering)
    url = f"/admin/loket/vergaderingen/{vergadering.pk}/"
    login_verified(client, loket_users["consulent"])
    page = client.get(url).content.decode()
    assert aanvraag.reference in page
    assert "Vergadering toevoegen" not in client.get("/admin/loket/vergaderingen/").content.decode()
    assert client.post("/admin/loket/vergaderingen/", {"date": _next_week()}).status_code == 403
    client.logout()
    other = make_user(Role.CONSULENT, email="consulent-b2@swv.example")
    login_verified(client, other)
    page = client.get(url).content.decode()
    assert aanvraag.reference not in page and "Vera" not in page
    client.logout()
    login_verified(client, loket_users["school_a"])
    assert client.get(url).status_code in (302, 403)
    assert client.get("/admin/loket/vergaderingen/").status_code in (302, 403)
    assert client.get("/admin/loket/vergaderingen/999999/").status_code in (302, 403)


def test_agenda_and_list_queries_do_not_grow(client, loket_users, school_a):
    commissie = loket_users["commissie"]
    vergadering = vergaderingen.create_vergadering(commissie, _next_week())
    vergaderingen.plan(_ready(loket_users, school_a, naam="Kind 0"), commissie, vergadering)
    login_verified(client, commissie)
    urls = ["/admin/loket/vergaderingen/", f"/admin/loket/vergaderingen/{vergadering.pk}/"]
    for url in urls:
        client.get(url)

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    _ready(loket_users, school_a, naam="Kind Ongepland 0")
    before = counts()
    for i in range(1, 10):
        vergaderingen.plan(_ready(loket_users, school_a, naam=f"Kind {i}"), commissie, vergadering)
        vergaderingen.create_vergadering(commissie, _next_week() + datetime.timedelta(days=i))
        _ready(loket_users, school_a, naam=f"Kind Ongepland {i}")
    assert counts() == before
    assert client.get("/admin/loket/vergaderingen/0/").status_code == 404


def test_the_commissie_plans_from_the_list_of_ready_aanvragen(client, loket_users, school_a):
    ready = _ready(loket_users, school_a, naam="Kind Wacht Op Agenda")
    not_ready = make_aanvraag(school_a, loket_users["school_a"], naam="Kind Net Ingediend")
    vergadering = vergaderingen.create_vergadering(loket_users["commissie"], _next_week())
    login_verified(client, loket_users["commissie"])
    page = client.get("/admin/loket/vergaderingen/").content.decode()
    assert ready.reference in page and "Kind Wacht Op Agenda" in page
    assert not_ready.reference not in page
    response = client.post(
        f"/admin/loket/{ready.pk}/actie/agenderen/",
        {"agenda-vergadering": vergadering.pk, "terug": "vergaderingen"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/loket/vergaderingen/"
    assert Agendapunt.objects.get().aanvraag == ready
    page = client.get("/admin/loket/vergaderingen/").content.decode()
    assert "Er wachten geen aanvragen op planning." in page


def test_dashboard_shows_the_next_vergaderingen(client, loket_users, school_a):
    vergadering = vergaderingen.create_vergadering(loket_users["commissie"], _next_week(), "CvT")
    vergaderingen.plan(_ready(loket_users, school_a), loket_users["commissie"], vergadering)
    login_verified(client, loket_users["commissie"])
    page = client.get("/admin/").content.decode()
    assert "Komende vergaderingen" in page and "1 aanvraag te besluiten" in page
    assert f"/admin/loket/vergaderingen/{vergadering.pk}/" in page
    client.logout()
    login_verified(client, loket_users["beheerder"])
    assert "Komende vergaderingen" not in client.get("/admin/").content.decode()
