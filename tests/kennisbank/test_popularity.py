"""Popular articles: anonymous daily view counts, and the home page that shows them."""

from datetime import date

import pytest

from kennisbank.popularity import ArticleViewDay, popular_articles, record_view

pytestmark = pytest.mark.django_db


def test_beacon_counts_a_view_without_cookies_or_personal_data(client, kennisbank):
    article = kennisbank["overdracht"]
    for _ in range(2):
        response = client.post(f"/zoeken/gelezen/{article.pk}/")
        assert response.status_code == 204
        assert not response.cookies
    row = ArticleViewDay.objects.get(article=article)
    assert row.views == 2
    assert {f.name for f in ArticleViewDay._meta.fields} == {"id", "article", "date", "views"}


def test_beacon_refuses_get_and_unknown_or_unpublished_articles(client, kennisbank):
    article = kennisbank["overdracht"]
    assert client.get(f"/zoeken/gelezen/{article.pk}/").status_code == 405
    assert client.post("/zoeken/gelezen/999999/").status_code == 404
    article.unpublish()
    assert client.post(f"/zoeken/gelezen/{article.pk}/").status_code == 404
    assert client.post(f"/zoeken/gelezen/{kennisbank['dossier'].pk}/").status_code == 404


def test_most_read_of_the_last_thirty_days_first(kennisbank):
    today = date(2026, 3, 1)
    for _ in range(3):
        record_view(kennisbank["tweestaps"], date=today)
    record_view(kennisbank["archief"], date=today)
    for _ in range(9):  # long ago: does not count any more
        record_view(kennisbank["loket"], date=date(2025, 1, 1))
    titles = [a.title for a in popular_articles(today=today)]
    assert titles == ["Tweestapsverificatie instellen", "Een dossier afronden"]


def test_without_counts_the_newest_articles_stand_in(kennisbank):
    assert len(popular_articles()) == 4


def test_article_page_carries_the_beacon(client, kennisbank):
    html = client.get(kennisbank["overdracht"].url).content.decode()
    assert f'data-view-beacon="/zoeken/gelezen/{kennisbank["overdracht"].pk}/"' in html
    assert "/static/js/gelezen.js" in html


def test_home_page_search_popular_articles_and_loket(
    client, kennisbank, django_assert_max_num_queries
):
    record_view(kennisbank["tweestaps"])
    # 13 since the merge of four eyes, house style and page cache: constant in the data.
    with django_assert_max_num_queries(13):
        response = client.get("/")
    html = response.content.decode()
    assert 'role="search"' in html and 'action="/zoeken/"' in html
    assert "Veel gelezen" in html and "Tweestapsverificatie instellen" in html
    assert 'href="/loket/"' in html and "Laatste nieuwsbrief" in html


def test_popular_list_is_kept_until_something_is_published(kennisbank, settings):
    """cms.caching.pages.remember: counting a month of views is not redone for every home page
    view; new views show within DERIVED_CACHE_SECONDS, a publish shows at once."""
    from django.core.cache import caches

    settings.DERIVED_CACHE_SECONDS = 600
    caches["default"].clear()
    today = date(2026, 3, 1)
    record_view(kennisbank["archief"], date=today)
    assert [a.title for a in popular_articles(today=today)] == ["Een dossier afronden"]
    for _ in range(3):
        record_view(kennisbank["tweestaps"], date=today)
    assert [a.title for a in popular_articles(today=today)] == ["Een dossier afronden"]
    kennisbank["overdracht"].save_revision().publish()
    titles = [a.title for a in popular_articles(today=today)]
    assert titles == ["Tweestapsverificatie instellen", "Een dossier afronden"]
    caches["default"].clear()
