"""Wagtail's database search backend, with one change on PostgreSQL.

Wagtail matches a query against ``title || body`` of its index entries by *annotating*
the query set with that concatenation and filtering on it. An annotation is also
selected: every matching row's two vectors are concatenated a second time, carried
through the join and the sort, and sent to Django, which never reads them. For a
query that matches most of 10,000 articles that was a quarter of the ranking query
(43 → 32 ms in ``make bench-http``'s database). Here the concatenation is an
``alias()``, and for a search over the whole index entry (every search of the site) it
is not computed at all: ``kennisbank/migrations/0009`` stores ``title || body`` as a
generated column with a GIN index (``StoredVector``), which PostgreSQL keeps on every
index update. The same matches, the same rank (from ``title`` and ``body``, as Wagtail's)
and order, nothing extra selected.

A sliced search (a page of results) also carries the number of all matches, as
``COUNT(*) OVER ()`` on each row (``TOTAL``): ranking must read every match anyway to
sort them, so the total costs nothing more there, where Wagtail's ``count()`` is a
second query over the same matches (about a third of an unseen search's database time
at 10,000 articles). ``kennisbank.search.views.search_head`` reads it.

``ranked_head`` reads such a page of results as ids: the ranking query selects the
id, the content type and the title of each match instead of every column (the
window's ``COUNT(*) OVER ()`` keeps all matches until it has counted them, 10,000 wide
page rows for a common word), and nothing else is loaded for the ranking:
``kennisbank.search.ranking`` orders on the title and the page type, and the view
loads only the pages it shows.

Every other database and every other kind of query is Wagtail's own.
``tests/kennisbank/test_search_backend.py`` compares the results with Wagtail's.
"""

from functools import cache

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Count, Expression, Window
from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import Fuzzy, MatchAll, Not

TOTAL = "_search_total"
STORED_VECTOR = "swv_vector"  # kennisbank/migrations/0009


class StoredVector(Expression):
    """``title || body`` of the index entry joined for ``title`` (``F`` to the entry's
    title), as the column ``kennisbank/migrations/0009`` stores: the same vector,
    without concatenating it for every row of every search."""

    output_field = SearchVectorField()

    def __init__(self, title):
        super().__init__()
        self.title = title

    def get_source_expressions(self):
        return [self.title]

    def set_source_expressions(self, exprs):
        (self.title,) = exprs

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.title.alias)
        return f"{table}.{connection.ops.quote_name(STORED_VECTOR)}", []


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor != "postgresql":
        return database_backend(params)
    return _postgres_backend_class()(params)


@cache
def _postgres_backend_class():
    """Made on first use, so that other databases never import the PostgreSQL backend."""
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class QueryCompiler(PostgresSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None, backend=None):
            query = self.query
            if isinstance(query, (MatchAll, Fuzzy)) or (
                isinstance(query, Not) and isinstance(query.subquery, MatchAll)
            ):
                return super().search(config, start, stop, score_field, backend)
            search_query = self.build_tsquery(query, config=config)
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            if self.fields is None:  # the index entry's title and body
                combined = StoredVector(vectors[0][0])
            else:
                combined = vectors[0][0]
                for vector, _boost in vectors[1:]:
                    combined = combined._combine(vector, "||", False)
            queryset = self.queryset.alias(_vector_=combined).filter(_vector_=search_query)
            if stop is not None:
                queryset = queryset.annotate(**{TOTAL: Window(Count("*"))})
            return self._apply_ordering_and_scoring(
                queryset, rank_expression, start, stop, score_field
            )

    class Backend(PostgresSearchBackend):
        query_compiler_class = QueryCompiler

    return Backend


def ranked_head(results, limit):
    """``(rows, total)``: the first ``limit`` matches of a PostgreSQL search, best first,
    as ``(pk, content type, title)``, and the number of all its matches, from one
    narrow ranking query (see the module docstring)."""
    queryset = results[:limit].get_queryset()
    rows = list(queryset.values_list("pk", "content_type_id", "title", TOTAL))
    if not rows:
        return [], 0
    return [row[:3] for row in rows], rows[0][3]
