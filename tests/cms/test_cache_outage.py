"""A Redis outage costs speed, not the site (cms.caching.backend), against a real Redis.

Each test starts its own ``redis-server`` on a free port of 127.0.0.1 (nothing kept on
disk), stops it to make the outage and starts it again, empty, as a restarted Redis
comes back. Before this backend, every page answered 500 while Redis was down,
``/health/`` included.
"""

import json
import logging
import time

import pytest
import redis
from django.core import mail
from django.core.cache import caches

from accounts.models import Role
from cms.caching.pages import HIT_HEADER
from cms.operations import scheduler
from content.models import StandardPage
from content.nieuwsbrieven.models import NewsletterList
from devkit.clients import login_verified
from tests.conftest import ensure_site_tree
from tests.newsletters.test_subscriptions import subscribe
from tests.redis_server import PAUSE, resilient_cache_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(db):
    home = ensure_site_tree()
    page = home.add_child(instance=StandardPage(title="Over ons", slug="over-ons"))
    page.save_revision().publish()
    return page


@pytest.fixture
def redis_cache(settings, redis_process):
    settings.CACHES = resilient_cache_settings(redis_process.url)
    settings.PAGE_CACHE_SECONDS = 600
    settings.HEALTH_TOKEN = "token-van-de-beheerder"
    return caches["default"]


def health_details(client):
    response = client.get("/health/", headers={"authorization": "Bearer token-van-de-beheerder"})
    return response.status_code, json.loads(response.content)["checks"]


def test_pages_are_served_while_redis_is_down_and_cached_again_after(
    client, page, redis_process, redis_cache, settings
):
    assert client.get(page.url).get(HIT_HEADER) == "miss"
    assert client.get(page.url).get(HIT_HEADER) == "hit"

    redis_process.stop()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search_ip": "1/60"}
    for url in (page.url, page.url, "/account/inloggen/", "/zoeken/?q=over"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get(HIT_HEADER) != "hit"  # rendered every time
    # The search limit counts in the cache: it guards cost, not an account, and does
    # not count while the cache is away (a second search in the minute is answered).
    assert client.get("/zoeken/?q=ons").status_code == 200
    # The load balancer sees the outage that the pages hide.
    anonymous = client.get("/health/")
    assert (anonymous.status_code, anonymous.content) == (503, b"fout")
    status, checks = health_details(client)
    assert status == 503
    assert not checks["cache"]["ok"] and "ConnectionError" in checks["cache"]["error"]
    assert checks["database"]["ok"]

    redis_process.start()  # empty, as a restarted Redis comes back
    time.sleep(PAUSE + 0.1)
    assert client.get(page.url).get(HIT_HEADER) == "miss"
    assert client.get(page.url).get(HIT_HEADER) == "hit"
    assert health_details(client)[0] == 200


def test_mijn_loket_works_while_redis_is_down(client, make_user, redis_process, redis_cache):
    """Logged-in pages pass the page cache by; they must not come to need Redis either."""
    user = make_user(Role.SCHOOLGEBRUIKER)
    login_verified(client, user)
    redis_process.stop()
    response = client.get("/loket/")
    assert response.status_code == 200
    assert "Mijn loket" in response.text


def test_an_outage_pauses_the_cache_and_is_logged_once(redis_process, redis_cache, caplog):
    cache = redis_cache
    cache.set("teller", 1)
    redis_process.stop()
    with caplog.at_level(logging.WARNING, logger="cms.caching.backend"):
        assert cache.get("teller", "geen") == "geen"
        assert cache.get_many(["teller"]) == {}
        assert cache.add("nieuw", 1) is False
        with pytest.raises(ValueError):
            cache.incr("teller")
        cache.set("teller", 2)  # writes nothing, raises nothing

        # Redis is back, but this process leaves it alone until the pause is over.
        redis_process.start()
        raw = redis.Redis(port=redis_process.port)
        raw.set(cache.make_and_validate_key("teller"), cache._cache._serializer.dumps(7))
        assert cache.get("teller") is None
        time.sleep(PAUSE + 0.1)
        assert cache.get("teller") == 7
        assert cache.incr("teller") == 8

    warnings = [r for r in caplog.records if r.name == "cms.caching.backend"]
    assert len(warnings) == 1  # one per pause, not one per call
    message = warnings[0].getMessage()
    assert "ConnectionError" in message and str(redis_process.port) not in message


def test_other_redis_errors_are_not_hidden(redis_process, redis_cache):
    """Only an unreachable Redis is forgiven; a wrong use of it is a bug and raises."""
    key = redis_cache.make_and_validate_key("lijst")
    redis.Redis(port=redis_process.port).rpush(key, "a")
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        redis_cache.incr("lijst")


def test_the_scheduler_runs_each_job_once_while_redis_is_down(redis_process, redis_cache, settings):
    """Its claims are rows in the database (cms.models.ScheduledJobRun): a Redis outage,
    or a Redis that comes back empty, neither stops a job nor starts it twice."""
    settings.SCHEDULED_JOBS = {"expire_grants": {"every": 3600}}
    redis_process.stop()
    assert scheduler.tick() == ["expire_grants"]
    assert scheduler.tick() == []
    redis_process.start()
    time.sleep(PAUSE + 0.1)
    assert scheduler.tick() == []


def test_a_subscription_while_redis_is_down_still_gets_its_confirmation_mail(
    client, redis_process, redis_cache
):
    """The confirmation mail is sent once per window, counted in the cache; without the
    cache a new subscriber must still get one (a mail too many beats none)."""
    newsletter = NewsletterList.objects.create(name="Scholen PO", sort_order=1)
    redis_process.stop()
    response = subscribe(client, "ilse@school.example", newsletter, name="Ilse")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ilse@school.example"]]
