"""An article keeps what it shows of the pages around it (breadcrumbs, related,
previous and next) between publishes: fewer queries per view, and never stale after
a publish, unpublish or move (``KennisbankArticlePage.surroundings``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_unpublishing_a_neighbour_removes_it_at_once(client, kennisbank, derived_cache_on):
    archief, overdracht = kennisbank["archief"], kennisbank["overdracht"]
    with CaptureQueriesContext(connection) as first:
        html = client.get(archief.url).content.decode()
    assert overdracht.title in html  # next article, and related through the label "dossier"
    with CaptureQueriesContext(connection) as second:
        assert overdracht.title in client.get(archief.url).content.decode()
    assert len(second) <= len(first) - 5

    overdracht.unpublish()
    html = client.get(archief.url).content.decode()
    assert overdracht.title not in html
    assert "Dossier en overdracht" in html  # the breadcrumb


def test_renaming_the_category_shows_in_the_breadcrumb_after_publishing(
    client, kennisbank, derived_cache_on
):
    archief = kennisbank["archief"]
    assert "Dossier en overdracht" in client.get(archief.url).content.decode()
    category = kennisbank["dossier"]
    category.title = "Dossiers"
    category.save_revision().publish()
    html = client.get(archief.url).content.decode()
    assert "Dossier en overdracht" not in html and "Dossiers" in html


def test_kennisbank_index_shows_a_new_article_at_once(client, kennisbank, derived_cache_on):
    from tests.kennisbank.conftest import add_article

    index = kennisbank["index"]
    assert "Nieuw over toelaatbaarheid" not in client.get(index.url).content.decode()
    add_article(kennisbank["dossier"], "Nieuw over toelaatbaarheid")
    html = client.get(index.url).content.decode()
    assert "Nieuw over toelaatbaarheid" in html  # under "Nieuw en bijgewerkt"


def test_a_published_change_to_body_and_labels_shows_at_once(
    client, kennisbank, derived_cache_on, django_assert_num_queries
):
    """The rendered body and the labels are kept with the surroundings: a repeated view
    runs no query, and a publish shows the new text and labels on the next request."""
    from wagtail.rich_text import RichText

    archief = kennisbank["archief"]
    client.get(archief.url)
    with django_assert_num_queries(0):
        client.get(archief.url)

    archief.body = [("text", RichText("<h2>Bewaartermijnen</h2><p>Twee jaar na de TLV.</p>"))]
    archief.tags.add("bewaartermijn")
    archief.save_revision().publish()
    html = client.get(archief.url).content.decode()
    assert "Twee jaar na de TLV." in html
    assert "q=bewaartermijn" in html  # the new label links to the kennisbank search
