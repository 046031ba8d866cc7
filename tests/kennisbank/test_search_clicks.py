"""Clicks on search results (no personal data) and the low-click list in the report."""

import re

import pytest
from wagtail.contrib.search_promotions.models import Query

from devkit.clients import login_verified
from kennisbank.search.clicks import SearchClickDay

pytestmark = pytest.mark.django_db


def result_links(response):
    return re.findall(r'<ol class="results"[^>]*>.*?</ol>', response.content.decode(), re.S)[0]


def click_url(client, query_string, title):
    response = client.get("/zoeken/", {"q": query_string})
    for hit in response.context["hits"]:
        if hit.title == title:
            return f"/zoeken/klik/{response.context['query_id']}/{hit.pk}/"
    raise AssertionError(f"{title} not found for {query_string}")


def test_a_result_link_counts_the_click_and_leads_to_the_page(client, kennisbank):
    article = kennisbank["archief"]
    response = client.get("/zoeken/", {"q": "dossier afronden"})
    url = click_url(client, "dossier afronden", article.title)
    assert f'href="{url}"' in result_links(response)
    followed = client.get(url)
    assert followed.status_code == 302
    assert followed["Location"] == article.url
    row = SearchClickDay.objects.get()
    assert (row.query.query_string, row.clicks) == ("dossier afronden", 1)
    client.get(url)
    assert SearchClickDay.objects.get().clicks == 2


def test_clicks_store_no_personal_data():
    fields = {field.name for field in SearchClickDay._meta.get_fields()}
    assert fields == {"id", "query", "date", "clicks"}


def test_bad_or_hidden_targets_are_404_and_unknown_queries_are_not_counted(client, kennisbank):
    article = kennisbank["archief"]
    query = Query.get("archief")
    assert client.get(f"/zoeken/klik/{query.pk}/999999/").status_code == 404
    assert client.get(f"/zoeken/klik/{query.pk}/1/").status_code == 404  # the tree root
    assert client.get(f"/zoeken/klik/{query.pk}/abc/").status_code == 404
    article.unpublish()
    assert client.get(f"/zoeken/klik/{query.pk}/{article.pk}/").status_code == 404
    other = kennisbank["overdracht"]
    assert client.get(f"/zoeken/klik/999999/{other.pk}/").status_code == 302
    assert client.post(f"/zoeken/klik/{query.pk}/{other.pk}/").status_code == 405
    assert not SearchClickDay.objects.exists()


def test_over_the_rate_limit_the_link_still_works_but_is_not_counted(client, kennisbank, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search_ip": "1/60"}
    url = click_url(client, "overdracht", kennisbank["overdracht"].title)  # uses the one
    assert client.get(url).status_code == 302
    assert not SearchClickDay.objects.exists()


def search_times(client, query_string, times):
    for _ in range(times):
        client.get("/zoeken/", {"q": query_string})


def test_the_report_lists_low_click_queries_beside_zero_result_ones(client, kennisbank, users):
    search_times(client, "dossier", 6)  # found, never clicked
    search_times(client, "overdracht", 6)  # found, clicked often
    url = click_url(client, "overdracht", kennisbank["overdracht"].title)
    for _ in range(3):
        client.get(url)
    search_times(client, "tweestapsverificatie", 3)  # too few searches to judge
    search_times(client, "onvindbaarwoord", 6)  # no results: the other list
    login_verified(client, users["redacteur"])
    response = client.get("/admin/kennisbank/zonder-resultaat/")
    assert response.status_code == 200
    low = {row["query_string"]: row for row in response.context["low_click_rows"]}
    assert set(low) == {"dossier"}
    assert (low["dossier"]["with_results"], low["dossier"]["clicks"]) == (6, 0)
    zero = [row["query__query_string"] for row in response.context["rows"]]
    assert zero == ["onvindbaarwoord"]
    page = response.content.decode()
    assert "weinig wordt doorgeklikt" in page and "dossier" in page
