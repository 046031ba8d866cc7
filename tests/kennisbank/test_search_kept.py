"""A search keeps its result list per query for one page-cache generation
(``kennisbank.search.views.kept_result_list``): a repeated search runs only the two queries
of the query log, and nothing that changes the results waits for the cache."""

import pytest
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
    first = client.get("/zoeken/", {"q": "dossier"})
    with django_assert_num_queries(2):  # Query.get and the day's count
        again = client.get("/zoeken/", {"q": "dossier"})
    assert [h.pk for h in again.context["hits"]] == [h.pk for h in first.context["hits"]]
    assert again.context["results"].paginator.count == first.context["results"].paginator.count
    assert again.content == first.content
    query = Query.objects.get(query_string="dossier")
    assert QueryDailyHits.objects.get(query=query).hits == 2  # still counted every time
    # Case and spaces do not matter to the search: the same kept list.
    with django_assert_num_queries(2):
        other = client.get("/zoeken/", {"q": "  Dossier "})
    assert [h.pk for h in other.context["hits"]] == [h.pk for h in first.context["hits"]]
    assert "<mark>dossier</mark>" in other.content.decode().lower()


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
