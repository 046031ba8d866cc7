"""School B sees nothing of school A: every loket URL (walked from the URL
resolver, so new URLs are covered) is a 404 for B, files included; and the admin
inbox filters by the policy, not by Wagtail's model permissions.
"""

import pytest
from django.urls import reverse

from accounts.models import Role
from devkit.clients import login_verified
from loket.lifecycle import bezwaar as rules
from loket.lifecycle import services
from tests.loket.helpers import make_aanvraag
from tests.urlwalk import iter_url_patterns


def loket_patterns(prefix):
    for _path, view_name, pattern in iter_url_patterns():
        if view_name and view_name.startswith(prefix):
            yield view_name, pattern


@pytest.fixture
def aanvraag_a(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    services.give_terugkoppeling(aanvraag, loket_users["consulent"], "Toelichting.")
    bezwaar = rules.lodge(aanvraag, loket_users["school_a"], "Bezwaar.")
    rules.decide_bezwaar(bezwaar, loket_users["commissie"], "ongegrond", "Nee.")
    return aanvraag


def _urls_of_school_a(aanvraag, prefix):
    bijlage = aanvraag.bijlagen.first()
    values = {
        "reference": aanvraag.reference,
        "dossier": aanvraag.dossier_id,
        "bijlage": bijlage.pk,
        "aanvraag": aanvraag.pk,
        "leerling": aanvraag.dossier.leerling_id,
        # A letter after the besluit (the beslissing op bezwaar of the fixture).
        "document": aanvraag.documenten.get(kind="beslissing_op_bezwaar").pk,
    }
    urls = []
    for view_name, pattern in loket_patterns(prefix):
        kwargs = {}
        for name in pattern.pattern.converters:
            if name == "reference":
                kwargs[name] = values["reference"]
            elif name == "pk" and (view_name == "loket:dossier" or "plan" in view_name):
                kwargs[name] = values["dossier"]
            elif name == "pk" and view_name.startswith("loket:thuiszitten"):
                kwargs[name] = values["leerling"]
            elif name == "periode_pk":
                kwargs[name] = 1  # any id: looked up among the pupil's periods
            elif name == "pk" and view_name in PUPIL_PAGES:
                kwargs[name] = values["leerling"]  # school A's pupil
            elif name == "pk" and view_name == "loket:bijlage":
                kwargs[name] = values["bijlage"]
            elif name == "pk":
                kwargs[name] = values["aanvraag"]
            elif name == "document_pk":
                kwargs[name] = values["document"]
            elif name == "bijlage_pk":
                kwargs[name] = values["bijlage"]
            elif name == "grant_pk":
                kwargs[name] = 1  # any id: the grant is looked up within the dossier
            elif name in (
                "overdracht_pk",
                "instemming_pk",
                "ondertekening_pk",
                "punt_pk",
                "moment_pk",
                "bezwaar_pk",
            ):
                kwargs[name] = 1  # any id: looked up among what the user may see
            elif name == "name":
                kwargs[name] = "in-behandeling"
            elif name == "kind":
                kwargs[name] = "besluit"  # the archived besluit PDF
        urls.append((view_name, reverse(view_name, kwargs=kwargs)))
    return urls


# One pupil of the register (correct, merge): the school's own users only.
PUPIL_PAGES = {"loket:leerling_corrigeren", "loket:leerling_samenvoegen"}

SCHOOL_ONLY = PUPIL_PAGES | {
    "loket:thuiszitten",  # the school and its consulent, not the commissie
    "loket:thuiszitten_einde",
    "loket:instemming",
    "loket:instemming_intrekken",
    "loket:archiveren",
    "loket:plan",
    "loket:plan_instemming",
    "loket:plan_instemming_intrekken",
    "loket:plan_instemming_versie",
    "loket:overdracht",
    "loket:overdracht_accepteren",
    "loket:ondertekening_intrekken",  # the school withdraws or asks a co-signer again
    "loket:ondertekening_opnieuw",
    "loket:bezwaar",  # only the school lodges a bezwaar; the SWV decides in the admin
    "loket:bezwaar_intrekken",  # and only the school withdraws it (POST; GET goes back)
    "loket:verlenging_koppelen",  # the school names the TLV a verlenging extends (POST)
    "loket:evaluatie",  # the school starts its evaluation form (POST; GET goes back)
}


# The school's pupil register: lists of the user's own school, not pages of one
# aanvraag (rows in tests/permissions/test_access_matrix.py); for school B they must
# not show school A's pupil.
REGISTER = {
    "loket:leerlingen",
    "loket:leerlingen_importeren",
    "loket:leerlingen_bevestigen",
    "loket:schooljaarovergang",
    "loket:dossiers_inactief",  # the school's own dossiers without activity
}


def test_walk_covers_the_loket_urls(aanvraag_a):
    names = {name for name, _ in _urls_of_school_a(aanvraag_a, "loket:")}
    assert {"loket:aanvraag", "loket:bijlage", "loket:dossier", "loket:besluit"} <= names


def test_school_b_gets_404_on_every_loket_url_of_school_a(client, loket_users, aanvraag_a):
    login_verified(client, loket_users["school_b"])
    offenders = []
    for view_name, url in _urls_of_school_a(aanvraag_a, "loket:"):
        if view_name == "loket:index" or view_name in REGISTER:
            response = client.get(url)
            assert response.status_code in (200, 405), url
            page = response.content.decode()
            assert aanvraag_a.reference not in page and "Geheime" not in page
            continue
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (404, 405) or (method == "get" and status != 404):
                offenders.append((method, url, status))
    assert not offenders, offenders


@pytest.mark.parametrize("who", ["school_a", "consulent", "commissie"])
def test_allowed_users_reach_the_object_pages(client, loket_users, aanvraag_a, who):
    login_verified(client, loket_users[who])
    for view_name, url in _urls_of_school_a(aanvraag_a, "loket:"):
        if view_name in ("loket:aanvulling", "loket:intrekken"):
            continue  # GET redirects / shows a form; covered by the journey tests
        if view_name.startswith("loket:inzage_"):
            continue  # the school's inzage pages: tests/permissions/test_access_matrix.py
        if view_name in SCHOOL_ONLY or view_name in REGISTER:
            continue  # instemming, archive, transfer: tests/permissions/test_access_matrix.py
        if view_name == "loket:instemming_versie":
            continue  # needs an instemming record: the matrix, test_instemming_versie.py
        assert client.get(url).status_code == 200, (who, url)


def test_externe_and_anonymous(client, loket_users, aanvraag_a):
    for _name, url in _urls_of_school_a(aanvraag_a, "loket:"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    login_verified(client, loket_users["externe"])
    for view_name, url in _urls_of_school_a(aanvraag_a, "loket:"):
        if view_name in REGISTER:
            assert client.get(url).status_code == 403, url  # no school of their own
        elif view_name != "loket:index":
            assert client.get(url).status_code == 404, url


def test_consulent_of_another_school_gets_nothing_in_the_admin(
    client, loket_users, aanvraag_a, make_user
):
    other = make_user(Role.CONSULENT, email="andere-consulent@swv.example")
    login_verified(client, other)
    response = client.get("/admin/loket/")
    assert response.status_code == 200
    assert aanvraag_a.reference not in response.content.decode()
    for view_name, url in _urls_of_school_a(aanvraag_a, "loket_admin:"):
        if "<" not in _route(view_name):  # a list: shown, but without school A's data
            if view_name == "loket_admin:export":
                url += "?formaat=csv"  # the export, as text
            response = client.get(url)
            assert response.status_code == 200, url
            assert aanvraag_a.reference not in response.content.decode(), url
            continue
        method = "post" if view_name == "loket_admin:action" else "get"
        assert getattr(client, method)(url).status_code == 404, url


def _route(view_name):
    for name, pattern in loket_patterns(view_name):
        if name == view_name:
            return str(pattern.pattern)
    return ""


def test_admin_logboek_shows_lines_to_staff_of_the_school(client, loket_users, aanvraag_a):
    login_verified(client, loket_users["consulent"])
    page = client.get("/admin/loket/logboek/").content.decode()
    assert aanvraag_a.reference in page and "Geheime" not in page


def test_school_users_cannot_use_the_admin_inbox(client, loket_users, aanvraag_a):
    login_verified(client, loket_users["school_a"])
    for _name, url in _urls_of_school_a(aanvraag_a, "loket_admin:"):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)


def test_redacteur_with_admin_access_is_refused(client, loket_users, aanvraag_a):
    login_verified(client, loket_users["redacteur"])
    for view_name, url in _urls_of_school_a(aanvraag_a, "loket_admin:"):
        method = "post" if view_name == "loket_admin:action" else "get"
        response = getattr(client, method)(url)
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code == 403 or response["Location"] == "/admin/", url
        assert aanvraag_a.reference not in response.content.decode()


def test_new_form_page_paths_are_not_shadowed():
    from django.urls import resolve

    assert resolve("/loket/aanvragen/nieuw/").url_name != "aanvraag"
    assert resolve("/loket/aanvragen/nieuw/top-arrangement/").url_name != "aanvraag"
    assert resolve("/loket/aanvragen/SWV-2026-000001/").url_name == "aanvraag"


def test_beheerder_reads_no_pupil_data_anywhere(client, loket_users, aanvraag_a):
    """Not in Mijn loket, not in the admin inbox, detail, logboek or downloads; the
    dashboard shows the counts without a link into the aanvragen."""
    login_verified(client, loket_users["beheerder"])
    offenders = []
    for view_name, url in _urls_of_school_a(aanvraag_a, "loket:"):
        response = client.get(url)
        body = response.content.decode() if not response.streaming else "(file)"
        if view_name == "loket:index":
            if "Geheime" in body or aanvraag_a.reference in body:
                offenders.append(("GET", url, "shows the aanvraag"))
        elif response.status_code not in (403, 404):
            offenders.append(("GET", url, response.status_code))
    for view_name, url in _urls_of_school_a(aanvraag_a, "loket_admin:"):
        method = "post" if view_name == "loket_admin:action" else "get"
        response = getattr(client, method)(url)
        if response.status_code not in (302, 403, 404) or (
            response.status_code == 302 and response["Location"] != "/admin/"
        ):
            offenders.append((method, url, response.status_code))
    assert not offenders, offenders
    dashboard = client.get("/admin/").content.decode()
    assert "loket-dashboard-kop" in dashboard
    assert "Ingediend" in dashboard and "Geheime" not in dashboard
    assert reverse("loket_admin:index") not in dashboard
    assert reverse("loket_admin:logboek") not in dashboard


def test_top_release_action_is_a_404_for_staff_of_another_school(
    client, loket_users, school_a, make_user
):
    """The release action of the TOP ledger (rows per role: tests/permissions/
    test_access_matrix_ledger.py): a consulent of another school does not find school
    A's aanvraag, with or without a booking."""
    import datetime
    from decimal import Decimal

    from loket.models import TopBudget, TopLedgerEntry

    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(
        aanvraag,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Past.",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 12, 31),
        amount=Decimal("10000"),
    )
    login_verified(client, make_user(Role.CONSULENT, email="andere-consulent@swv.example"))
    url = reverse("loket_admin:action", kwargs={"pk": aanvraag.pk, "name": "top-vrijgeven"})
    data = {"vrijgave-jaar": "2026", "vrijgave-bedrag": "1", "vrijgave-reden": "gestopt"}
    for method in ("get", "post"):
        response = getattr(client, method)(url, data)
        assert response.status_code in (404, 405), (method, response.status_code)
        assert "Geheime" not in response.content.decode()
    assert client.get(f"/admin/loket/{aanvraag.pk}/").status_code == 404
    assert not TopLedgerEntry.objects.filter(amount__lt=0).exists()
