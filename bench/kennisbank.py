"""Kennisbank benchmark: median time of an article page and of a search over 10,000 articles.

Run against a dedicated PostgreSQL database (created if missing, migrated and filled
here; the data stays, so a rerun skips the fill)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swv_kb_bench \\
    DJANGO_SETTINGS_MODULE=cms.settings.test python -m bench.kennisbank

Options: ``--articles N`` (default 10000), ``--runs N`` (default 30 per measurement).
Timings are through Django's test client: full middleware and template rendering,
no network or web server.
"""

import argparse
import os
import statistics
import time


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()


def ensure_database():
    """Create the benchmark database if DATABASE_URL points at a missing PostgreSQL db."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    settings = connection.settings_dict
    conninfo = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        name = settings["NAME"]
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(target, category_count=10):
    """Index, categories and ``target`` articles in total (bulk; skips what exists)."""
    from content.models import HomePage
    from kennisbank.demo.bulk import bulk_create_articles
    from kennisbank.models import (
        KennisbankArticlePage,
        KennisbankCategoryPage,
        KennisbankIndexPage,
    )

    index = KennisbankIndexPage.objects.first()
    if index is None:
        index = HomePage.objects.get().add_child(
            instance=KennisbankIndexPage(title="Kennisbank", slug="kennisbank")
        )
    categories = list(KennisbankCategoryPage.objects.child_of(index).order_by("path"))
    for number in range(len(categories), category_count):
        categories.append(
            index.add_child(
                instance=KennisbankCategoryPage(title=f"Categorie {number}", slug=f"cat-{number}")
            )
        )
    missing = target - KennisbankArticlePage.objects.count()
    if missing <= 0:
        return index, categories
    started = time.perf_counter()
    per_category = -(-missing // len(categories))
    created = 0
    for category in categories:
        batch = min(per_category, missing - created)
        if batch <= 0:
            break
        bulk_create_articles(category, batch, prefix=f"artikel-{category.slug}")
        created += batch
    print(f"{created} artikelen aangemaakt in {time.perf_counter() - started:.1f} s", flush=True)
    return index, categories


def analyze():
    """Refresh the planner statistics, as autovacuum would after a bulk load.

    Straight after inserting 10,000 rows PostgreSQL still thinks the tables are
    empty and picks a nested loop that makes a search take seconds instead of
    milliseconds; a real site never runs on statistics that stale for long.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, url, params, runs):
    client.get(url, params)  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), min(timings), max(timings)


def main():
    parser = argparse.ArgumentParser(description="Kennisbank benchmark")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    setup_django()
    ensure_database()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    index, categories = fill(args.articles)
    analyze()

    from kennisbank.models import KennisbankArticlePage

    total = KennisbankArticlePage.objects.live().count()
    category = categories[len(categories) // 2]
    articles = KennisbankArticlePage.objects.child_of(category).order_by("path")
    article = articles[articles.count() // 2]
    client = Client()
    rows = [
        ("artikelpagina", article.url, {}),
        ("categoriepagina", category.url, {}),
        ("kennisbank-index", index.url, {}),
        ("zoeken (veel resultaten)", "/zoeken/", {"q": "werkwijze"}),
        ("zoeken (verbuiging)", "/zoeken/", {"q": "controleren gegevens"}),
        ("zoeken + doelgroep", "/zoeken/", {"q": "helpdesk", "doelgroep": "loketmodule"}),
        ("zoeken in kennisbank", index.url + "zoeken/", {"q": "samenwerkingsverband"}),
        ("zoeken (geen resultaat)", "/zoeken/", {"q": "zwembadpas"}),
    ]
    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    print(f"Artikelen: {total}; metingen per regel: {args.runs}")
    print(f"{'pagina':<28}{'mediaan ms':>12}{'min ms':>10}{'max ms':>10}")
    for label, url, params in rows:
        median, low, high = measure(client, url, params, args.runs)
        print(f"{label:<28}{median:>12.1f}{low:>10.1f}{high:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
