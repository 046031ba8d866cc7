"""Search: Dutch word forms, audience filter, query logging, promotions, zero-result report."""

import pytest
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from devkit.clients import login_verified
from kennisbank.models import ZeroResultQuery
from kennisbank.reports import zero_result_queries
from kennisbank.search.views import highlight, log_query

pytestmark = pytest.mark.django_db


def titles(response):
    return [hit.title for hit in response.context["hits"]]


def test_inflected_dutch_word_finds_the_article(client, kennisbank):
    """ "archiveren" finds an article that only says "gearchiveerd", on every database."""
    response = client.get("/zoeken/", {"q": "archiveren"})
    assert response.status_code == 200
    assert "Een dossier afronden" in titles(response)
    assert "<mark>gearchiveerd</mark>" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_postgresql_uses_the_dutch_configuration(client, kennisbank):
    """With the Dutch stemmer, inflections the word-form helper does not add match too."""
    # "overdrachten" (plural) is only found through stemming to "overdracht".
    response = client.get("/zoeken/", {"q": "overdrachten"})
    assert "Overdracht naar een andere school" in titles(response)
    # Dutch stop words do not make a query fail.
    response = client.get("/zoeken/", {"q": "het dossier"})
    assert "Een dossier afronden" in titles(response)


def test_search_within_the_kennisbank_filters_by_audience(client, kennisbank):
    response = client.get("/kennisbank/zoeken/", {"q": "aanvraag dossier", "doelgroep": ""})
    assert response.status_code == 200
    assert "Een aanvraag in het loket volgen" in titles(response)

    response = client.get("/kennisbank/zoeken/", {"q": "loket", "doelgroep": "schoolmodule"})
    assert "Een aanvraag in het loket volgen" not in titles(response)

    response = client.get("/zoeken/", {"q": "loket", "doelgroep": "loketmodule"})
    assert "Een aanvraag in het loket volgen" in titles(response)
    response = client.get("/zoeken/", {"q": "loket", "doelgroep": "schoolmodule"})
    assert "Een aanvraag in het loket volgen" not in titles(response)


def test_audience_iedereen_is_shown_to_every_audience(client, kennisbank):
    response = client.get("/zoeken/", {"q": "authenticator", "doelgroep": "loketmodule"})
    assert titles(response) == ["Tweestapsverificatie instellen"]


def test_search_matches_labels(client, kennisbank):
    response = client.get("/kennisbank/zoeken/", {"q": "afronden"})
    assert "Een dossier afronden" in titles(response)


def test_every_query_is_logged(client, kennisbank):
    client.get("/zoeken/", {"q": "Archiveren"})
    client.get("/kennisbank/zoeken/", {"q": "archiveren "})
    query = Query.objects.get(query_string="archiveren")
    assert QueryDailyHits.objects.get(query=query).hits == 2
    assert not ZeroResultQuery.objects.exists()


def test_zero_result_report_lists_a_missing_term(client, kennisbank, users):
    for _ in range(3):
        client.get("/zoeken/", {"q": "zwembadpas"})
    client.get("/zoeken/", {"q": "fietsvergoeding"})
    rows = zero_result_queries()
    assert [(r["query__query_string"], r["total"]) for r in rows] == [
        ("zwembadpas", 3),
        ("fietsvergoeding", 1),
    ]
    admin = login_verified(client, users["redacteur"])
    response = admin.get("/admin/kennisbank/zonder-resultaat/")
    assert response.status_code == 200
    assert "zwembadpas" in response.content.decode()


def test_search_promotion_is_shown_first(client, kennisbank):
    query = Query.get("wachtwoord")
    SearchPromotion.objects.create(
        query=query, page=kennisbank["tweestaps"], sort_order=0, description="Inloggen lukt niet?"
    )
    response = client.get("/zoeken/", {"q": "wachtwoord"})
    html = response.content.decode()
    assert "Aanbevolen" in html and "Inloggen lukt niet?" in html
    assert response.context["promotions"][0].page.pk == kennisbank["tweestaps"].pk


def test_bad_input_gets_a_dutch_message_and_400(client, kennisbank):
    response = client.get("/zoeken/", {"q": "dossier", "doelgroep": "ouders"})
    assert response.status_code == 400
    assert "Kies een doelgroep uit de lijst." in response.content.decode()
    response = client.get("/zoeken/", {"q": "x" * 500})
    assert response.status_code == 400
    assert "te lang" in response.content.decode()
    assert client.get("/zoeken/", {"q": "dossier", "pagina": "abc"}).status_code == 200


def test_empty_search_shows_only_the_form_and_logs_nothing(client, kennisbank):
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert not Query.objects.exists()


def test_highlight_escapes_html_and_marks_inflections():
    snippet = highlight("Na <b>archiveren</b> is het dossier gearchiveerd.", "archiveer")
    assert "&lt;b&gt;" in snippet
    assert "<mark>archiveren</mark>" in snippet and "<mark>gearchiveerd</mark>" in snippet


def test_log_query_counts_zero_results_per_day():
    log_query("onbekend", 0)
    log_query("onbekend", 0)
    log_query("bekend", 4)
    assert ZeroResultQuery.objects.get(query__query_string="onbekend").hits == 2
    assert not ZeroResultQuery.objects.filter(query__query_string="bekend").exists()


@pytest.mark.parametrize(
    "query", ["!!!", "'", "a & b", '"dossier afronden"', "-", "OR", "de het een", "dossier:"]
)
def test_odd_queries_never_fail(client, kennisbank, query):
    assert client.get("/zoeken/", {"q": query}).status_code == 200
    assert client.get("/kennisbank/zoeken/", {"q": query}).status_code == 200
