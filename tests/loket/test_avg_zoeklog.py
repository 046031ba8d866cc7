"""The AVG-inzage page as the privacy officer uses it: the pupil search is a POST with
CSRF (no name in any URL), and each search, export and download is a line of the
register's append-only log, without the name searched for."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from devkit.clients import login_verified
from loket.models import AvgExport, VerzoekStap
from tests.loket.helpers import make_aanvraag, stored_file

pytestmark = pytest.mark.django_db
URL = "/admin/avg-inzage/"
Stap = VerzoekStap.Stap


@pytest.fixture
def privacy(make_user):
    return make_user(Role.PRIVACY, email="privacy@swv.example")


@pytest.fixture
def pupil(loket_users, school_a):
    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], naam="Sanne Testleerling", files=[stored_file()]
    )
    make_aanvraag(school_a, loket_users["school_a"], naam="Andere Leerling", files=[])
    return aanvraag.dossier.leerling


def _token(client):
    page = client.get(URL)
    assert page.status_code == 200
    return client.cookies["csrftoken"].value


def test_the_search_is_a_post_with_csrf_and_is_logged_without_the_name(privacy, pupil):
    client = login_verified(Client(enforce_csrf_checks=True), privacy)
    # A name in the URL is not read: nothing is searched, nothing is found.
    old_style = client.get(URL, {"q": "Sanne"})
    assert old_style.status_code == 200 and "Sanne Testleerling" not in old_style.content.decode()
    # Without the CSRF token the search is refused.
    assert client.post(URL, {"q": "sanne"}).status_code == 403
    assert not VerzoekStap.objects.exists()

    found = client.post(URL, {"q": "sanne", "csrfmiddlewaretoken": _token(client)})
    body = found.content.decode()
    assert found.status_code == 200 and "Sanne Testleerling" in body
    assert "Andere Leerling" not in body
    assert "no-store" in found["Cache-Control"]
    assert 'method="post" action="/admin/avg-inzage/"' in body
    step = VerzoekStap.objects.get()
    assert (step.stap, step.user, step.actor, step.verzoek) == (
        Stap.GEZOCHT,
        privacy,
        "privacy@swv.example",
        None,
    )
    assert step.detail == "1 resultaten"
    # The searched text is nowhere in the log.
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM loket_verzoekstap")
        assert not any("sanne" in row[0].lower() for row in cursor.fetchall())


def test_a_search_with_a_wrong_date_finds_and_logs_nothing(privacy, pupil):
    client = login_verified(Client(), privacy)
    response = client.post(URL, {"q": "sanne", "geboortedatum": "gisteren"})
    assert response.status_code == 400
    assert not VerzoekStap.objects.exists()
    client.post(URL, {"q": "sanne", "geboortedatum": str(pupil.geboortedatum)})
    assert VerzoekStap.objects.get().detail == "1 resultaten, met geboortedatum"


def test_export_and_download_are_logged_with_the_pupil_id(
    privacy, pupil, django_capture_on_commit_callbacks
):
    client = login_verified(Client(), privacy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("avg_admin:request"), {"leerling": pupil.pk})
    assert response.status_code == 302
    export = AvgExport.objects.get()
    download = client.get(reverse("avg_admin:download", args=[export.pk]))
    assert download.status_code == 200
    b"".join(download.streaming_content)
    steps = list(VerzoekStap.objects.values_list("stap", "detail", "user"))
    detail = f"leerling {pupil.pk}, export {export.pk}"
    assert steps == [
        (Stap.INZAGE_EXPORT, detail, privacy.pk),
        (Stap.INZAGE_GEDOWNLOAD, detail, privacy.pk),
    ]


def test_the_commissie_searches_are_logged_too(loket_users, pupil):
    client = login_verified(Client(), loket_users["commissie"])
    assert client.post(URL, {"q": "leerling"}).status_code == 200
    assert VerzoekStap.objects.get().detail == "2 resultaten"
    assert VerzoekStap.objects.get().user == loket_users["commissie"]
