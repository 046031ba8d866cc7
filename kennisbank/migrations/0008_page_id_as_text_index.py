"""An index on ``wagtailcore_page.id`` as text, the way Wagtail's search joins pages.

Wagtail's search index keeps a page's id as text (``wagtailsearch_indexentry.object_id``,
``varchar(50)``), so every search joins ``page.id::varchar(50) = object_id``. The
primary key cannot serve that join: PostgreSQL hashed all 10,000 pages (``make
bench-http``'s database) even for a word found in two articles, 8 ms of a query that
takes 0.5 ms when it can look the two pages up in this index. Searches that match most
pages still hash, as before.

On Wagtail's table, hence SQL here (as in ``0007``). PostgreSQL only.
"""

from django.db import migrations

NAME = "swv_page_id_as_text"
# The expression exactly as the planner sees the join's page side.
EXPRESSION = "(((id)::varchar(50)::text))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page {EXPRESSION}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0007_indexes_at_scale")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
