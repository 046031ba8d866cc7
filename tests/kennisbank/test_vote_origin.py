"""The article's Ja/Nee form carries no CSRF token, so the page cache can store the
article (issue 16); the vote view checks the browser's Origin instead (cms.security.origin)."""

import pytest
from django.core.cache import caches

from cms.caching.pages import HIT_HEADER
from kennisbank.models import ArticleFeedback

pytestmark = pytest.mark.django_db


def url(article):
    return f"/zoeken/nuttig/{article.pk}/"


def test_only_a_post_from_this_site_counts(client, kennisbank):
    article = kennisbank["archief"]
    refused = [
        client.post(url(article), {"nuttig": "ja"}),  # names no origin at all
        client.post(url(article), {"nuttig": "ja"}, HTTP_ORIGIN="https://elders.example"),
        client.post(url(article), {"nuttig": "ja"}, HTTP_REFERER="https://elders.example/x"),
        client.post(url(article), {"nuttig": "ja"}, HTTP_ORIGIN="null"),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 403]
    assert not ArticleFeedback.objects.exists()
    by_referer = client.post(
        url(article), {"nuttig": "nee"}, HTTP_REFERER=f"http://testserver{article.url}"
    )
    assert by_referer.status_code == 302 and by_referer["Location"].endswith("#feedback")
    assert ArticleFeedback.objects.get().helpful is False
    assert client.get(url(article)).status_code == 405


def test_an_unpublished_or_unknown_article_is_a_404(client, kennisbank):
    article = kennisbank["archief"]
    article.unpublish()
    headers = {"HTTP_ORIGIN": "http://testserver"}
    assert client.post(url(article), {"nuttig": "ja"}, **headers).status_code == 404
    assert client.post("/zoeken/nuttig/999999/", {"nuttig": "ja"}, **headers).status_code == 404


def test_the_article_is_served_from_the_page_cache(client, kennisbank, settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["default"].clear()
    article = kennisbank["archief"]
    first = client.get(article.url)
    second = client.get(article.url)
    assert (first.get(HIT_HEADER), second.get(HIT_HEADER)) == ("miss", "hit")
    html = second.content.decode()
    assert f'action="{url(article)}"' in html and "csrfmiddlewaretoken" not in html
    assert "Set-Cookie" not in second
    caches["default"].clear()
