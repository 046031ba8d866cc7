"""Counting searches, and the editors' promotions for a query.

Every search is counted in Wagtail's ``Query``/``QueryDailyHits``, and a search that
found nothing also in ``ZeroResultQuery``. Wagtail's own ``Query.get`` is a read and,
for a query nobody asked before, an insert, each its own commit, and the day's count
was a statement more. On PostgreSQL the query's row and its day's count are one
statement here (a data-modifying ``WITH``): for a search nobody asked before one
commit instead of three (``make bench-http``, "zoeken (steeds nieuw)"). It returns the
day's count, which tells the view whether the query was asked before today
(``kennisbank.search.views`` keeps a result list from the second time on). Other
databases keep Wagtail's ``Query.get``. The zero-result count is one upsert
everywhere.

Promotions are few and belong to few queries: which queries have one is kept per
page-cache generation (a saved promotion starts a new one), so a search for any other
query does not ask the database for its promotions.
"""

from django.db import connection
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

from cms.caching.pages import remember
from kennisbank.models import ZeroResultQuery


def _add_one_sql(model):
    """An upsert that adds one to the day's row of ``model`` for a query."""
    table = connection.ops.quote_name(model._meta.db_table)
    return (
        f"INSERT INTO {table} (query_id, date, hits) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits"
    )


def _count_in_one_statement(query_string, date):
    """The query's row (made if new) and its day's count in one statement:
    ``(query id, the day's count)``."""
    quote = connection.ops.quote_name
    queries = quote(Query._meta.db_table)
    hits = quote(QueryDailyHits._meta.db_table)
    # ``DO UPDATE`` (not ``DO NOTHING``) so that a row that exists is returned too;
    # it writes the same value, and no other statement's insert can slip between.
    sql = f"""
        WITH q AS (
            INSERT INTO {queries} (query_string) VALUES (%s)
            ON CONFLICT (query_string) DO UPDATE SET query_string = EXCLUDED.query_string
            RETURNING id
        )
        INSERT INTO {hits} (query_id, date, hits) SELECT id, %s, 1 FROM q
        ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1
        RETURNING query_id, hits
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [query_string, date])
        return cursor.fetchone()


def count_search(query_string, date=None):
    """Count one search for the query: ``(the Query, how often it was asked that day,
    this time included)``."""
    date = date or timezone.localdate()
    if connection.vendor == "postgresql":
        normalised = normalise_query_string(query_string)
        pk, hits = _count_in_one_statement(normalised, date)
        return Query(pk=pk, query_string=normalised), hits
    query = Query.get(query_string)
    with connection.cursor() as cursor:
        cursor.execute(_add_one_sql(QueryDailyHits), [query.pk, date])
        return query, cursor.fetchone()[0]


def count_zero_result(query, date=None):
    """Count that a search for ``query`` found nothing (the editors' report)."""
    with connection.cursor() as cursor:
        cursor.execute(_add_one_sql(ZeroResultQuery), [query.pk, date or timezone.localdate()])


def log_query(query_string, result_count, date=None):
    """Count the query in Wagtail's query hits; count it again if it found nothing.
    Returns the ``Query`` (its ``pk`` and ``query_string``)."""
    query, _hits = count_search(query_string, date)
    if result_count == 0:
        count_zero_result(query, date)
    return query


def promoted_query_ids():
    """The ids of the queries that have a promotion, kept per generation."""
    return remember(
        "search-promoted-queries",
        lambda: frozenset(SearchPromotion.objects.values_list("query_id", flat=True)),
    )


def promotions_for(query):
    """The editors' chosen best results for this query, live pages and external links
    only; kept per generation (a publish or a changed promotion starts a new one)."""
    if query.pk not in promoted_query_ids():
        return []

    def compute():
        promotions = SearchPromotion.objects.filter(query=query).select_related("page")
        return [p for p in promotions.order_by("sort_order") if p.page is None or p.page.live]

    return remember(f"search-promotions:{query.pk}", compute)
