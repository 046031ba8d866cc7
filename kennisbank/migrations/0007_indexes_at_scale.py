"""Two PostgreSQL indexes the kennisbank needs at 10,000 articles (``make bench-http``).

- A GIN index on the expression Wagtail's PostgreSQL backend searches, ``title ||
  body``. Wagtail indexes ``title`` and ``body`` of ``wagtailsearch_indexentry``
  separately, but a search over all fields matches their concatenation, which neither
  index serves: PostgreSQL then checks every entry (10 ms per query, twice per search
  with the count). With this index the match is a bitmap index scan (2 ms).
- A B-tree on ``wagtailcore_page.last_published_at``: "recent articles" on the
  kennisbank index is newest-first with a limit, which then reads a few rows of the
  index instead of sorting every article (5 ms to under 1 ms).

Both are on Wagtail's tables, hence SQL here rather than ``Meta.indexes``. PostgreSQL
only; SQLite searches with its own FTS tables and its demo is small.
"""

from django.db import migrations

INDEXES = {
    "swv_indexentry_title_body_gin": "wagtailsearch_indexentry USING gin ((title || body))",
    "swv_page_last_published": "wagtailcore_page (last_published_at DESC)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0006_search_result_clicks"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
