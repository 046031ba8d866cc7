"""The consulent's internal notes and action items: on the admin aanvraag page and the
dashboard, never visible to the school or an externe, in the logboek without text."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.models import Actiepunt, LogEntry
from loket.staff import notities
from tests.loket.helpers import make_aanvraag
from tests.permissions.conftest import give

pytestmark = pytest.mark.django_db

SECRET = "Moeder belde: zorgen over thuissituatie."
ACTION = "Bel de orthopedagoog terug over het OPP"


@pytest.fixture
def aanvraag(loket_users, school_a):
    return make_aanvraag(school_a, loket_users["school_a"], naam="Lies Notitieleerling")


def _post(client, aanvraag, name, data):
    return client.post(f"/admin/loket/{aanvraag.pk}/actie/{name}/", data)


def test_consulent_adds_a_note_and_the_school_never_sees_it(client, loket_users, aanvraag):
    login_verified(client, loket_users["consulent"])
    response = _post(client, aanvraag, "notitie", {"notitie-text": SECRET})
    assert response.status_code == 302
    page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert SECRET in page
    line = LogEntry.objects.get(aanvraag=aanvraag, action="notitie")
    assert line.get_action_display() == "Notitie toegevoegd" and line.detail == ""
    assert not any(SECRET in (e.detail or "") for e in LogEntry.objects.all())

    # The school: aanvraag page, dossier page (with its logboek) and the receipt PDF.
    client.logout()
    login_verified(client, loket_users["school_a"])
    for url in (aanvraag.get_absolute_url(), reverse("loket:dossier", args=[aanvraag.dossier_id])):
        body = client.get(url).content.decode()
        assert SECRET not in body and "zorgen over" not in body, url
    assert (
        "Notitie toegevoegd"
        in client.get(reverse("loket:dossier", args=[aanvraag.dossier_id])).content.decode()
    )
    receipt = client.get(
        reverse("loket:document", args=[aanvraag.reference, "ontvangstbevestiging"])
    )
    assert SECRET.encode() not in b"".join(receipt.streaming_content)
    # The school cannot reach the admin page or post a note.
    assert client.get(f"/admin/loket/{aanvraag.pk}/").status_code in (302, 403)
    assert _post(client, aanvraag, "notitie", {"notitie-text": "x"}).status_code in (302, 403)


def test_externe_with_inzage_never_sees_notes(client, loket_users, aanvraag):
    notities.add_notitie(aanvraag, loket_users["consulent"], SECRET)
    notities.add_actiepunt(aanvraag, loket_users["consulent"], ACTION, timezone.localdate())
    give(aanvraag.dossier, loket_users["school_a"], user=loket_users["externe"])
    login_verified(client, loket_users["externe"])
    page = client.get(reverse("inzage:dossier", args=[aanvraag.dossier_id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert SECRET not in body and ACTION not in body
    assert client.get(f"/admin/loket/{aanvraag.pk}/").status_code in (302, 403)


def test_action_items_on_the_dashboard_until_done(client, loket_users, aanvraag):
    consulent = loket_users["consulent"]
    login_verified(client, consulent)
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = _post(
        client, aanvraag, "actiepunt", {"actiepunt-text": ACTION, "actiepunt-due_date": due}
    )
    assert response.status_code == 302
    assert LogEntry.objects.filter(aanvraag=aanvraag, action="actiepunt", detail="").exists()
    dashboard = client.get("/admin/").content.decode()
    assert "Mijn open acties" in dashboard and ACTION in dashboard
    assert aanvraag.reference in dashboard
    assert due.strftime("%Y") in dashboard and "geleden" not in dashboard
    actiepunt = Actiepunt.objects.get()
    assert (
        _post(client, aanvraag, "actiepunt-afronden", {"actiepunt": actiepunt.pk}).status_code
        == 302
    )
    assert ACTION not in client.get("/admin/").content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.done_at is not None
    # Twice, or an unknown id: a Dutch 404, never a 500.
    assert (
        _post(client, aanvraag, "actiepunt-afronden", {"actiepunt": actiepunt.pk}).status_code
        == 404
    )
    assert _post(client, aanvraag, "actiepunt-afronden", {"actiepunt": "x"}).status_code == 404


def test_bad_input_is_a_400(client, loket_users, aanvraag):
    login_verified(client, loket_users["consulent"])
    assert _post(client, aanvraag, "notitie", {"notitie-text": "  "}).status_code == 400
    response = _post(
        client, aanvraag, "actiepunt", {"actiepunt-text": ACTION, "actiepunt-due_date": "morgen"}
    )
    assert response.status_code == 400
    assert "geldige datum" in response.content.decode()
    assert not Actiepunt.objects.exists()


def test_consulent_of_another_school_gets_nothing(client, loket_users, aanvraag, make_user):
    notities.add_actiepunt(aanvraag, loket_users["consulent"], ACTION, timezone.localdate())
    other = make_user(Role.CONSULENT, email="consulent-elders@swv.example")
    with pytest.raises(TransitionError):
        notities.add_notitie(aanvraag, other, SECRET)
    login_verified(client, other)
    assert _post(client, aanvraag, "notitie", {"notitie-text": SECRET}).status_code == 404
    assert ACTION not in client.get("/admin/").content.decode()
    # The beheerder reads no pupil data: no notes either.
    with pytest.raises(TransitionError):
        notities.add_notitie(aanvraag, loket_users["beheerder"], SECRET)
    assert notities.open_actiepunten(loket_users["beheerder"]) == []


def test_dashboard_query_count_does_not_grow(client, loket_users, school_a):
    consulent = loket_users["consulent"]
    first = make_aanvraag(school_a, loket_users["school_a"], naam="Kind Een")
    notities.add_actiepunt(first, consulent, "Actie 0", timezone.localdate())
    login_verified(client, consulent)
    client.get("/admin/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        return len(queries)

    one = count()
    for i in range(1, 10):
        other = make_aanvraag(school_a, loket_users["school_a"], naam=f"Kind {i}")
        notities.add_actiepunt(other, consulent, f"Actie {i}", timezone.localdate())
    assert count() == one
