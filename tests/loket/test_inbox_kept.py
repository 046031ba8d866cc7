"""The inbox keeps its filter drawer per filter values (``loket.staff.filters``): the
header must stay Wagtail's, and a change of the schools, besturen or consulenten a
filter offers shows at the next request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devkit.clients import login_verified
from devkit.factories import SchoolFactory
from loket.staff.inbox import InboxView
from tests.loket.helpers import make_aanvraag


def uniform(html):
    """White space made uniform; the per-request CSRF token and CSP nonces left out."""
    html = re.sub(r'("CSRF_TOKEN": )"[^"]*"', r"\1\"-\"", html)
    html = re.sub(r'nonce="[^"]*"', 'nonce="-"', html)
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*>\s*", ">", html)
    return re.sub(r"\s*<\s*", "<", html).strip()


def drawer(page):
    return re.search(r'<div\s+id="filters-drilldown".*?</form>', page, re.S).group()


@pytest.mark.parametrize(
    "who,query",
    [
        ("consulent", ""),
        ("consulent", "?status=ingediend&type=tlv"),
        ("commissie", "?school={school}&submitted_at_from=2026-01-01"),
    ],
)
def test_the_page_is_wagtails(
    client, loket_users, school_a, derived_cache_on, monkeypatch, who, query
):
    """With the sidebar and the filter drawer kept, the page is what Wagtail's own
    templates make of the same view."""
    make_aanvraag(school_a, loket_users["school_a"])
    login_verified(client, loket_users[who])
    url = "/admin/loket/" + query.format(school=school_a.pk)
    client.get(url)  # kept from here on
    kept = client.get(url)
    assert kept.status_code == 200
    monkeypatch.setattr(InboxView, "template_name", "wagtailadmin/generic/index.html")
    wagtails = client.get(url).content.decode()
    assert 'id="wagtail-sidebar-props"' in wagtails and "filters-drilldown" in wagtails
    assert uniform(kept.content.decode()) == uniform(wagtails)


def test_kept_drawer_skips_the_choice_queries(client, loket_users, school_a, derived_cache_on):
    login_verified(client, loket_users["consulent"])
    client.get("/admin/loket/")  # makes the Wagtail profile (a change: a new generation)
    client.get("/admin/loket/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/loket/").status_code == 200
    choices = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split(" WHERE ")[0].endswith('FROM "accounts_organisation"')
        or q["sql"].startswith('SELECT DISTINCT "accounts_user"')
    ]
    assert not choices, choices


def test_a_new_school_and_a_renamed_consulent_show_at_once(
    client, loket_users, school_a, derived_cache_on
):
    login_verified(client, loket_users["consulent"])
    page = client.get("/admin/loket/").content.decode()
    assert "Nieuwe school" not in page
    SchoolFactory(name="Nieuwe school")
    assert "Nieuwe school" in drawer(client.get("/admin/loket/").content.decode())
    consulent = loket_users["consulent"]
    consulent.first_name, consulent.last_name = "Hernoemde", "Consulent"
    consulent.save()
    assert "Hernoemde Consulent" in drawer(client.get("/admin/loket/").content.decode())


def test_a_refused_filter_value_is_rendered_afresh(client, loket_users, school_a, derived_cache_on):
    """A value the form refuses is shown with its error and kept nowhere; the next
    request without it gets the kept drawer without the error."""
    login_verified(client, loket_users["consulent"])
    client.get("/admin/loket/")
    refused = client.get("/admin/loket/?school=999999")
    assert refused.status_code == 200
    assert "error-message" in drawer(refused.content.decode())
    assert "error-message" not in drawer(client.get("/admin/loket/").content.decode())


def test_the_loket_settings_are_read_again_after_a_change(
    client, loket_users, school_a, derived_cache_on
):
    """The inbox reads ``evaluatie_herinnering_dagen`` once per generation: not on
    every request, and again after the settings are saved."""
    from loket.models import LoketSettings
    from loket.staff import werkvoorraad

    def settings_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/loket/").status_code == 200
        return [q for q in queries.captured_queries if "loket_loketsettings" in q["sql"]]

    login_verified(client, loket_users["consulent"])
    client.get("/admin/loket/")  # the first load creates the settings row: a change
    client.get("/admin/loket/")
    assert settings_queries() == []
    row = LoketSettings.load()
    row.evaluatie_herinnering_dagen = 3
    row.save()
    assert settings_queries()
    assert werkvoorraad.reminder_days(generation=None) == 3


def sidebar(page):
    return re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)


def test_each_user_gets_their_own_sidebar(
    client, loket_users, school_a, make_user, derived_cache_on
):
    """Kept per user: a colleague with the same rights gets their own name in it."""
    from accounts.models import ConsulentAssignment, Role

    first = loket_users["consulent"]
    first.first_name = "Eerste"
    first.save()
    second = make_user(Role.CONSULENT, email="tweede@swv.example", first_name="Tweede")
    ConsulentAssignment.objects.create(school=school_a, consulent=second)
    for user, name, other in ((first, "Eerste", "Tweede"), (second, "Tweede", "Eerste")):
        login_verified(client, user)
        for _ in range(2):
            menu = sidebar(client.get("/admin/loket/").content.decode())
            assert f'"name": "{name}"' in menu and other not in menu


def test_a_new_role_changes_the_kept_sidebar(client, loket_users, swv, derived_cache_on):
    """A membership saved (here the beheerder's role, with its menu) shows at the next
    request; the kept sidebar skips Wagtail's permission queries meanwhile."""
    from accounts.models import Role
    from devkit.factories import MembershipFactory

    consulent = loket_users["consulent"]
    login_verified(client, consulent)
    client.get("/admin/loket/")  # creates the loket settings row: a change
    client.get("/admin/loket/")
    with CaptureQueriesContext(connection) as queries:
        menu = sidebar(client.get("/admin/loket/").content.decode())
    assert "Organisaties" not in menu
    assert not [q for q in queries.captured_queries if "grouppagepermission" in q["sql"]]
    MembershipFactory(user=consulent, organisation=swv, role=Role.BEHEERDER)
    assert "Organisaties" in sidebar(client.get("/admin/loket/").content.decode())


def test_a_superusers_kept_sidebar_reads_no_permission_list(client, make_user, derived_cache_on):
    """The rights digest of a superuser is the flag: no query of every permission."""
    from accounts.models import Role

    admin = make_user(Role.COMMISSIE, email="root@swv.example", is_superuser=True)
    login_verified(client, admin)
    for _ in range(2):
        client.get("/admin/loket/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/loket/").status_code == 200
    assert not [q for q in queries.captured_queries if 'FROM "auth_permission"' in q["sql"]]
