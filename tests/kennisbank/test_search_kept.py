"""A search keeps its result list per query for one page-cache generation
(``kennisbank.search.views.kept_result_list``): a repeated search runs only the query
log (one statement on PostgreSQL, two elsewhere), and nothing that changes the results
waits for the cache."""

import pytest
from django.core.cache import caches
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import PageViewRestriction

from kennisbank.search import ranking
from kennisbank.search import views as search
from kennisbank.search.synonyms import SynonymGroup
from tests.kennisbank.conftest import add_article

pytestmark = pytest.mark.django_db


def titles(client, query, **params):
    response = client.get("/zoeken/", {"q": query, **params})
    assert response.status_code == 200
    return [hit.title for hit in response.context["hits"]]


def test_a_repeated_search_runs_only_the_query_log(
    client, kennisbank, derived_cache_on, django_assert_num_queries
):
    # The query log: one statement on PostgreSQL (kennisbank.search.querylog), Wagtail's
    # Query.get and the day's count elsewhere.
    log = 1 if connection.vendor == "postgresql" else 2
    first = client.get("/zoeken/", {"q": "dossier"})
    client.get("/zoeken/", {"q": "dossier"})  # asked before today: now the list is kept
    with django_assert_num_queries(log):
        again = client.get("/zoeken/", {"q": "dossier"})
    assert [h.pk for h in again.context["hits"]] == [h.pk for h in first.context["hits"]]
    assert again.context["results"].paginator.count == first.context["results"].paginator.count
    assert again.content == first.content
    query = Query.objects.get(query_string="dossier")
    assert QueryDailyHits.objects.get(query=query).hits == 3  # still counted every time
    # Case and spaces do not matter to the search: the same kept list.
    with django_assert_num_queries(log):
        other = client.get("/zoeken/", {"q": "  Dossier "})
    assert [h.pk for h in other.context["hits"]] == [h.pk for h in first.context["hits"]]
    assert "<mark>dossier</mark>" in other.content.decode().lower()


def test_a_list_is_kept_from_the_second_search_of_the_day_on(client, kennisbank, derived_cache_on):
    """A query asked once keeps no list: most of a day's queries are asked once, and
    each kept list would be an entry of the shared cache, pushing out what is asked
    again (the file cache even deletes a third of its entries at random when full)."""
    cache = caches["default"]  # the test settings' LocMemCache

    def kept():
        return [key for key in cache._cache if ":derived:search:" in key]

    client.get("/zoeken/", {"q": "overdracht"})
    assert kept() == []
    client.get("/zoeken/", {"q": "Overdracht "})  # the same query for the log and the list
    assert len(kept()) == 1
    client.get("/zoeken/", {"q": "dossier"})
    assert len(kept()) == 1


def test_published_unpublished_and_restricted_pages_show_at_once(
    client, kennisbank, derived_cache_on
):
    assert titles(client, "kwispelstaart") == []
    article = add_article(kennisbank["dossier"], "Zorgplicht", body="De kwispelstaart-regeling.")
    assert titles(client, "kwispelstaart") == ["Zorgplicht"]

    archief = kennisbank["archief"]
    assert archief.title in titles(client, "afronden")
    PageViewRestriction.objects.create(page=archief, restriction_type="login")
    assert archief.title not in titles(client, "afronden")

    article.unpublish()
    assert titles(client, "kwispelstaart") == []


def test_a_new_synonym_and_a_new_promotion_show_at_once(client, kennisbank, derived_cache_on):
    assert titles(client, "verhuizing") == []
    SynonymGroup.objects.create(terms="verhuizing, overdracht")
    assert "Overdracht naar een andere school" in titles(client, "verhuizing")

    client.get("/zoeken/", {"q": "wachtwoord"})
    SearchPromotion.objects.create(
        query=Query.get("wachtwoord"), page=kennisbank["tweestaps"], sort_order=0
    )
    response = client.get("/zoeken/", {"q": "wachtwoord"})
    assert [p.page.pk for p in response.context["promotions"]] == [kennisbank["tweestaps"].pk]


def test_audience_and_section_are_part_of_what_is_kept(client, kennisbank, derived_cache_on):
    """The same words for another audience, or inside the kennisbank, are another list."""
    loket = "Een aanvraag in het loket volgen"
    assert loket in titles(client, "loket", doelgroep="loketmodule")
    assert loket not in titles(client, "loket", doelgroep="schoolmodule")
    assert loket in titles(client, "loket")
    response = client.get("/kennisbank/zoeken/", {"q": "loket", "doelgroep": "schoolmodule"})
    assert loket not in [hit.title for hit in response.context["hits"]]


def test_pages_past_the_kept_head_are_found_live(
    client, kennisbank, derived_cache_on, settings, monkeypatch
):
    """Only the head (``MAX_CANDIDATES`` per variant) is kept as hits; later pages of a
    long list come from the search itself, in the same order as without the cache."""
    for n in range(14):
        add_article(kennisbank["dossier"], f"Werkwijze {n:02d}", body="De werkwijze van het SWV.")
    monkeypatch.setattr(ranking, "MAX_CANDIDATES", 10)  # the second page lies past the head
    monkeypatch.setattr(search, "MAX_CANDIDATES", 10)
    settings.DERIVED_CACHE_SECONDS = 0
    uncached = [titles(client, "werkwijze", pagina=n) for n in (1, 2)]
    settings.DERIVED_CACHE_SECONDS = 600
    kept = [titles(client, "werkwijze", pagina=n) for n in (1, 2)]
    assert kept == uncached
    assert [len(page) for page in kept] == [10, 4]


def test_a_new_search_runs_the_ranking_the_shown_pages_and_the_log(
    client, kennisbank, derived_cache_on, django_assert_num_queries
):
    """A query nobody asked yet, once the synonyms, the promoted queries and the
    vocabulary are kept: on PostgreSQL one narrow ranking query (ids, titles, types and
    the total), one query per page type shown and one statement for the query log
    (``kennisbank.search.querylog``); no count, no promotions, no ``Query.get``."""
    if connection.vendor != "postgresql":
        pytest.skip("the ranking query and the one-statement log are PostgreSQL's")
    client.get("/zoeken/", {"q": "overdracht"})
    with django_assert_num_queries(3):  # one page type shown: one query to load them
        response = client.get("/zoeken/", {"q": "afronden"})
    assert [hit.title for hit in response.context["hits"]] == ["Een dossier afronden"]
    assert Query.objects.get(query_string="afronden").daily_hits.get().hits == 1
    # Articles and a category page shown: one query more, as Wagtail's specific().
    with django_assert_num_queries(4):
        client.get("/zoeken/", {"q": "dossier"})
