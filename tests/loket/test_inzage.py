"""Inzage through HTTP: the school grants and revokes on the dossier page; the
externe reads at /inzage/, read-only, and every view and download is logged."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devkit.clients import login_verified
from loket.models import Dossier, Leerling, LogEntry
from permissions.models import DossierUserObjectPermission, InzageGrant, one_year_ahead
from tests.permissions import conftest as inzage_fixtures
from tests.permissions.conftest import give, move_into_past

aanvraag_a = inzage_fixtures.aanvraag_a
dossier_a = inzage_fixtures.dossier_a


def _grant_form(externe, **overrides):
    today = datetime.date.today()
    data = {
        "grantee": f"user:{externe.pk}",
        "reason": "Onderzoek naar de leesontwikkeling.",
        "legal_basis": "ouders",
        "consent_date": (today - datetime.timedelta(days=2)).isoformat(),
        "consent_how": "Schriftelijk, getekend formulier.",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return data


def test_school_grants_and_revokes_through_the_dossier_page(client, loket_users, dossier_a, cleo):
    externe = loket_users["externe"]
    login_verified(client, loket_users["school_a"])
    page = client.get(reverse("loket:dossier", args=[dossier_a.pk])).content.decode()
    assert "Geen externe heeft nu inzage" in page
    form_url = reverse("loket:inzage_verlenen", args=[dossier_a.pk])
    assert form_url in page

    form = client.get(form_url).content.decode()
    assert f"Heel {cleo.name}" in form and f'value="user:{externe.pk}"' in form

    too_far = (one_year_ahead() + datetime.timedelta(days=1)).isoformat()
    response = client.post(form_url, _grant_form(externe, ends_on=too_far))
    assert response.status_code == 400
    assert "hoogstens een jaar vooruit" in response.content.decode()
    assert not InzageGrant.objects.exists()

    response = client.post(form_url, _grant_form(externe, grantee="user:999999"))
    assert response.status_code == 400 and "Kies een organisatie of persoon" in (
        response.content.decode()
    )

    response = client.post(form_url, _grant_form(externe))
    assert response.status_code == 302
    grant = InzageGrant.objects.get()
    assert grant.grantee_user == externe and grant.granted_by == loket_users["school_a"]
    assert DossierUserObjectPermission.objects.filter(user=externe).count() == 1
    page = client.get(reverse("loket:dossier", args=[dossier_a.pk])).content.decode()
    assert "Lopende inzage" in page and "Inzage gegeven" in page  # grant + logboek line

    other = client.__class__()
    login_verified(other, externe)
    assert "Geheime Leerling" in other.get("/inzage/").content.decode()

    revoke_url = reverse("loket:inzage_intrekken", args=[dossier_a.pk, grant.pk])
    assert client.get(revoke_url).status_code == 200
    response = client.post(revoke_url)
    assert response.status_code == 302
    # Immediate effect for the externe, in the same session.
    assert "Geheime Leerling" not in other.get("/inzage/").content.decode()
    assert other.get(reverse("inzage:dossier", args=[dossier_a.pk])).status_code == 404
    assert not DossierUserObjectPermission.objects.exists()
    page = client.get(reverse("loket:dossier", args=[dossier_a.pk])).content.decode()
    assert "Eerdere inzage" in page and "Ingetrokken" in page
    # Revoking again is refused with a message, not an error page.
    assert client.post(revoke_url).status_code == 400


def test_organisation_grant_through_the_form(client, loket_users, dossier_a, cleo, make_user):
    from accounts.models import Role

    colleague = make_user(Role.EXTERNE, cleo, email="collega@cleo.example")
    login_verified(client, loket_users["school_a"])
    url = reverse("loket:inzage_verlenen", args=[dossier_a.pk])
    response = client.post(url, _grant_form(colleague, grantee=f"org:{cleo.pk}"))
    assert response.status_code == 302
    for user in (loket_users["externe"], colleague):
        client.force_login(user)
        login_verified(client, user)
        assert "Geheime Leerling" in client.get("/inzage/").content.decode()


def test_externe_reads_everything_read_only_and_is_logged(client, loket_users, aanvraag_a):
    dossier = aanvraag_a.dossier
    externe = loket_users["externe"]
    grant = give(dossier, loket_users["school_a"], user=externe)
    login_verified(client, externe)

    listing = client.get("/inzage/").content.decode()
    assert "Geheime Leerling" in listing
    assert f"{grant.ends_on.day} " in listing  # the end date is shown

    page = client.get(reverse("inzage:dossier", args=[dossier.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "De leerkracht krijgt coaching in de groep." in html  # answers
    assert "Afgewezen" in html and "Toelichting van het SWV." in html  # besluit, terugkoppeling
    bijlage = aanvraag_a.bijlagen.filter(aanvulling__isnull=True).first()
    download_url = reverse("loket:bijlage", args=[aanvraag_a.reference, bijlage.pk])
    assert download_url in html
    # Nothing on the page lets the externe change, submit or grant anything.
    for name in ("loket:aanvulling", "loket:intrekken"):
        assert reverse(name, args=[aanvraag_a.reference]) not in html
    assert reverse("loket:inzage_verlenen", args=[dossier.pk]) not in html

    download = client.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("loket:besluit", args=[aanvraag_a.reference])).status_code == 200

    lines = LogEntry.objects.filter(user=externe, role="externe")
    assert set(lines.values_list("action", flat=True)) == {
        LogEntry.Action.DOSSIER_BEKEKEN,
        LogEntry.Action.DOWNLOAD,
        LogEntry.Action.BESLUITDOCUMENT,
    }
    assert all(line.dossier_id == dossier.pk for line in lines)

    # The school sees who looked at what and when.
    login_verified(client, loket_users["school_a"])
    page = client.get(reverse("loket:dossier", args=[dossier.pk])).content.decode()
    section = page.split("Wat externen bekeken", 1)[1].split("</table>", 1)[0]
    assert externe.email in section and "Bijlage gedownload" in section


def test_expired_grant_shows_nothing_and_download_is_refused(client, loket_users, aanvraag_a):
    externe = loket_users["externe"]
    move_into_past(give(aanvraag_a.dossier, loket_users["school_a"], user=externe))
    login_verified(client, externe)
    assert "Geheime Leerling" not in client.get("/inzage/").content.decode()
    bijlage = aanvraag_a.bijlagen.first()
    url = reverse("loket:bijlage", args=[aanvraag_a.reference, bijlage.pk])
    assert client.get(url).status_code == 404
    assert not LogEntry.objects.filter(user=externe, action=LogEntry.Action.DOWNLOAD).exists()


def _dossiers(school, count, start=0):
    leerlingen = Leerling.objects.bulk_create(
        Leerling(naam=f"Leerling {start + i}", geboortedatum="2015-01-01", school=school)
        for i in range(count)
    )
    return Dossier.objects.bulk_create(Dossier(leerling=lln, school=school) for lln in leerlingen)


def _count_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, settings)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("url_name", ["inzage:index"])
def test_inzage_list_queries_do_not_grow_with_grants(
    client, loket_users, school_a, cleo, url_name, django_assert_max_num_queries
):
    externe, school_user = loket_users["externe"], loket_users["school_a"]
    login_verified(client, externe)
    url = reverse(url_name)
    for dossier in _dossiers(school_a, 2):
        give(dossier, school_user, user=externe)
    few, _response = _count_queries(client, url)
    for index, dossier in enumerate(_dossiers(school_a, 40, start=10)):
        # Half direct, half through the organisation; some expired (filtered by date).
        if index % 2:
            give(dossier, school_user, user=externe)
        else:
            grant = give(dossier, school_user, organisation=cleo)
            if index % 4 == 0:
                move_into_past(grant)
    many, response = _count_queries(client, url)
    assert many == few
    assert response.content.decode().count("/inzage/dossiers/") == 25  # one page
    with django_assert_max_num_queries(few):
        second = client.get(url + "?pagina=2").content.decode()
    # 2 + 30 valid grants (10 of the organisation's are expired): 25 and 7.
    assert second.count("/inzage/dossiers/") == 7 and "Pagina 2 van 2" in second
    past_the_end = client.get(url + "?pagina=9").content.decode()  # shows the last page
    assert re.findall(r"/inzage/dossiers/\d+/", past_the_end) == re.findall(
        r"/inzage/dossiers/\d+/", second
    )


def test_inzage_dossier_page_queries_do_not_grow(client, loket_users, school_a, aanvraag_a):
    from tests.loket.helpers import make_aanvraag

    externe = loket_users["externe"]
    give(aanvraag_a.dossier, loket_users["school_a"], user=externe)
    login_verified(client, externe)
    url = reverse("inzage:dossier", args=[aanvraag_a.dossier_id])
    few, _response = _count_queries(client, url)
    for _ in range(3):  # more aanvragen in the same dossier (same pupil)
        make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    many, response = _count_queries(client, url)
    assert many == few
    assert response.content.decode().count("SWV-") >= 4
