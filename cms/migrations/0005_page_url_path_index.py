"""A B-tree on ``wagtailcore_page.url_path`` for the one-query router (``cms.caching.routing``).

The router finds every page on a request's way by ``url_path IN (...)``. Wagtail has
no index on that column, so at 10,000 articles PostgreSQL read the whole page table
for every page served (2 to 5 ms); with the index it reads the few rows asked for.
It is on Wagtail's table, hence SQL here rather than ``Meta.indexes``; SQLite (the
demo) keeps its small table unindexed.
"""

from django.db import migrations

NAME = "swv_page_url_path"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page (url_path)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_briefhoofd"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
