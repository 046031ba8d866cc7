"""Search statistics count every search, also one the page cache answers.

The kennisbank's own search box (``/kennisbank/zoeken/``) is a Wagtail page, so a
repeated query came from the page cache and was logged only on the miss: the
zero-result report under-counted exactly the queries people kept trying. Tested over
HTTP as an anonymous visitor, with the page cache on the Redis of this machine as in
production (cms.caching.pages hit actions, kennisbank.search.views.count_cached_search).
"""

# The kennisbank fixture is imported and then used as an argument.
# ruff: noqa: F811

import pytest
from wagtail.contrib.search_promotions.models import QueryDailyHits

from cms.caching import pages
from cms.caching.pages import HIT_HEADER
from kennisbank.models import ZeroResultQuery
from tests.kennisbank.conftest import kennisbank  # noqa: F401  (fixture)
from tests.redis_server import redis_page_cache  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

SEARCH = "/kennisbank/zoeken/"


def daily_hits(query_string):
    row = QueryDailyHits.objects.filter(query__query_string=query_string).first()
    return row.hits if row else 0


def zero_hits(query_string):
    row = ZeroResultQuery.objects.filter(query__query_string=query_string).first()
    return row.hits if row else 0


def test_a_repeated_zero_result_search_is_counted_on_every_hit(
    client, kennisbank, redis_page_cache
):
    states = [client.get(SEARCH, {"q": "xylofoonles"}).get(HIT_HEADER) for _ in range(3)]
    assert states == ["miss", "hit", "hit"]
    assert zero_hits("xylofoonles") == 3
    assert daily_hits("xylofoonles") == 3


def test_a_search_that_finds_something_is_counted_too_and_not_as_zero(
    client, kennisbank, redis_page_cache
):
    for _ in range(3):
        response = client.get(SEARCH, {"q": "overdracht"})
        assert response.status_code == 200 and "Overdracht naar een andere school" in response.text
    assert response.get(HIT_HEADER) == "hit"
    assert daily_hits("overdracht") == 3
    assert zero_hits("overdracht") == 0


def test_past_the_search_limit_a_hit_is_served_but_not_counted(
    client, kennisbank, redis_page_cache
):
    """One visitor cannot inflate the report by reloading a cached search."""
    redis_page_cache.RATE_LIMITS = {**redis_page_cache.RATE_LIMITS, "search_ip": "2/60"}
    responses = [client.get(SEARCH, {"q": "xylofoonles"}) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert [r.get(HIT_HEADER) for r in responses] == ["miss", "hit", "hit", "hit"]
    assert zero_hits("xylofoonles") == 2


def test_a_failing_hit_action_does_not_fail_the_page(client, kennisbank, redis_page_cache):
    def broken(request, payload):
        raise RuntimeError("statistiek kapot")

    assert client.get(SEARCH, {"q": "xylofoonles"}).get(HIT_HEADER) == "miss"
    with pages.hit_actions.override("kennisbank.search", broken):
        response = client.get(SEARCH, {"q": "xylofoonles"})
    assert response.status_code == 200 and response.get(HIT_HEADER) == "hit"
    assert zero_hits("xylofoonles") == 1


def test_an_entry_stored_before_notes_existed_is_still_served():
    response = pages._thaw((200, [("Content-Type", "text/html")], b"oud"))
    assert response.status_code == 200 and response.content == b"oud"
