"""``kennisbank.search.backend``: Wagtail's database backend minus one selected column.

The results (pages, order, scores and counts) must be Wagtail's own for every kind of
query the site asks; only the SQL differs, and only on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database import SearchBackend as wagtails_backend

from kennisbank.models import KennisbankArticlePage
from tests.kennisbank.conftest import add_article

pytestmark = pytest.mark.django_db

QUERIES = [
    "dossier",
    "dossier archiveren",  # all words
    "archiveren OR instemming",
    '"dossier archiveren"',  # a phrase
    "niet-bestaand woord",
    "",
]


def run(backend, query, operator):
    pages = Page.objects.live().exclude(depth=1).specific()
    results = backend.search(query, pages, operator=operator).annotate_score("score")
    rows = [(page.pk, round(page.score, 6)) for page in results[:50]]
    return rows, results.count()


@pytest.mark.parametrize("operator", ["and", "or"])
def test_the_same_results_as_wagtails_backend(kennisbank, operator):
    add_article(kennisbank["dossier"], "Dossier archiveren", body="Archiveren van een dossier.")
    add_article(kennisbank["dossier"], "Instemming", body="Instemming vragen voor een dossier.")
    ours = get_search_backend()
    wagtails = wagtails_backend({"SEARCH_CONFIG": "dutch"})
    for query in QUERIES:
        assert run(ours, query, operator) == run(wagtails, query, operator), query
    assert run(ours, "dossier", operator)[1] >= 3


def test_on_postgresql_the_vector_is_filtered_on_but_not_selected(kennisbank):
    add_article(kennisbank["dossier"], "Dossier archiveren", body="Archiveren van een dossier.")
    backend = get_search_backend()
    with CaptureQueriesContext(connection) as ctx:
        found = list(backend.search("archiveren", KennisbankArticlePage.objects.live()))
    assert "Dossier archiveren" in [page.title for page in found]
    if connection.vendor != "postgresql":  # SQLite: Wagtail's own backend, unchanged
        assert type(backend).__module__.startswith("modelsearch.")
        return
    assert type(backend).__module__ == "kennisbank.search.backend"
    matching = [q["sql"] for q in ctx.captured_queries if "@@" in q["sql"]]
    assert matching
    for sql in matching:
        select_list = sql.split(" FROM ", 1)[0]
        assert '"_vector_"' not in select_list and "||" not in select_list


@pytest.mark.parametrize(
    "query",
    ["werkwijze", "werkwijze swv", "werkwijze kwispelstaart", "kwispelstaart", "werkwijze OR swv"],
)
def test_the_head_of_a_search_carries_its_total(kennisbank, monkeypatch, query):
    """``search.search_head`` returns the first results and the number of all results
    (any word when all words find nothing). On PostgreSQL the total comes with the
    ranked rows (``COUNT(*) OVER ()``): no count query over the same matches."""
    from kennisbank.search import views as search

    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    for n in range(5):
        add_article(kennisbank["dossier"], f"Werkwijze {n}", body="De werkwijze van het SWV.")
    with CaptureQueriesContext(connection) as ctx:
        head, total = search.search_head(query)
    expected = (
        search.search_pages(query).count() or search.search_pages(query, operator="or").count()
    )
    assert total == expected
    assert len(head) == min(3, expected)
    assert (total >= 5) == ("werkwijze" in query)
    if connection.vendor == "postgresql":
        assert not [q for q in ctx.captured_queries if "COUNT(*) AS" in q["sql"]]
        assert any("COUNT(*) OVER ()" in q["sql"] for q in ctx.captured_queries)


def test_a_search_can_look_its_pages_up_by_id_as_text(kennisbank):
    """``kennisbank`` migration 0008 indexes ``wagtailcore_page.id`` in the form Wagtail's
    search joins it (``id::varchar(50) = object_id``): with hashing and sequential scans
    ruled out, PostgreSQL's plan for a search uses that index, so the expression
    matches."""
    if connection.vendor != "postgresql":
        pytest.skip("an index on a PostgreSQL expression")
    add_article(kennisbank["dossier"], "Kwispelstaart", body="De kwispelstaart-regeling.")
    pages = Page.objects.live().exclude(depth=1).specific()
    results = get_search_backend().search("kwispelstaart", pages)[:10]
    assert [page.title for page in results] == ["Kwispelstaart"]
    sql, params = results.get_queryset().query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "swv_page_id_as_text" in plan


def test_the_stored_vector_follows_publishing(client, kennisbank):
    """``kennisbank`` migration 0009 stores ``title || body`` of every index entry as a
    generated column, which the search filters on: a publish, a changed text published
    again and an unpublish show at once, and the column always equals the concatenation
    Wagtail's own backend matches."""
    article = add_article(kennisbank["dossier"], "Zorgplicht", body="De kwispelstaart-regeling.")

    def found(query):
        return [hit.pk for hit in client.get("/zoeken/", {"q": query}).context["hits"]]

    assert found("kwispelstaart") == [article.pk]
    article.body = [("text", "<p>De vlinderdas-regeling.</p>")]
    article.save_revision().publish()
    assert found("vlinderdas") == [article.pk]
    assert found("kwispelstaart") == []
    article.unpublish()
    assert found("vlinderdas") == []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE swv_vector = title || body) "
                "FROM wagtailsearch_indexentry"
            )
            entries, equal = cursor.fetchone()
        assert entries > 0 and equal == entries
