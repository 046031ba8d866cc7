"""List pages run a fixed number of queries: the same for 10 and for 500 aanvragen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devkit.clients import login_verified
from loket.demo.bulk import bulk_aanvragen


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "who,url",
    [
        ("school_a", "/loket/"),
        ("school_a", "/loket/?status=ingediend&type=top_arrangement&year=2026&q=Bulk"),
        ("consulent", "/admin/loket/"),
        ("commissie", "/admin/loket/?status=in_behandeling"),
        ("commissie", "/admin/"),
        ("consulent", "/admin/loket/logboek/"),
    ],
)
def test_list_queries_do_not_grow(
    client, loket_users, school_a, who, url, django_assert_max_num_queries
):
    bulk_aanvragen(school_a, loket_users["school_a"], 10)
    login_verified(client, loket_users[who])
    client.get(url)  # warm per-process caches (content types, site)
    small = _count(client, url)
    bulk_aanvragen(school_a, loket_users["school_a"], 490, start=10)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200


def test_dossier_page_queries_do_not_grow(
    client, loket_users, school_a, django_assert_max_num_queries
):
    from loket import logboek
    from loket.models import LogEntry

    aanvragen = bulk_aanvragen(school_a, loket_users["school_a"], 1)
    dossier_url = f"/loket/dossiers/{aanvragen[0].dossier_id}/"
    login_verified(client, loket_users["school_a"])
    client.get(dossier_url)
    small = _count(client, dossier_url)
    for _ in range(200):
        logboek.log(LogEntry.Action.BEKEKEN, loket_users["consulent"], aanvraag=aanvragen[0])
    with django_assert_max_num_queries(small):
        client.get(dossier_url)


def test_aanvraag_detail_queries_do_not_grow(
    client, loket_users, school_a, django_assert_max_num_queries
):
    from loket.lifecycle import services
    from tests.loket.helpers import make_aanvraag

    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    url = f"/loket/aanvragen/{aanvraag.reference}/"
    services.give_terugkoppeling(aanvraag, loket_users["consulent"], "Eerste.")
    login_verified(client, loket_users["school_a"])
    client.get(url)
    small = _count(client, url)
    for i in range(15):
        services.give_terugkoppeling(aanvraag, loket_users["consulent"], f"Nummer {i}.")
    services.take_in(aanvraag, loket_users["consulent"])
    services.request_aanvulling(aanvraag, loket_users["consulent"], "Meer.")
    services.add_aanvulling(aanvraag, loket_users["school_a"], "Hier.")
    with django_assert_max_num_queries(small + 2):  # + the aanvullingen section
        client.get(url)


def test_loket_pages_skip_the_userbar_permission_check(client, loket_users, school_a):
    """The Wagtail userbar edits the page shown; Mijn loket is no Wagtail page, so it
    neither shows the userbar nor spends two permission queries on deciding that."""
    login_verified(client, loket_users["school_a"])
    client.get("/loket/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/loket/")
    assert "wagtail-userbar" not in response.content.decode()
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_an_editor_still_gets_the_userbar_on_a_wagtail_page(client, loket_users):
    from tests.conftest import ensure_site_tree

    ensure_site_tree()
    login_verified(client, loket_users["consulent"])
    assert "wagtail-userbar" in client.get("/").content.decode()
