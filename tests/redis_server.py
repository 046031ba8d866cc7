"""A ``redis-server`` of one test alone, on a free port of 127.0.0.1, that the test can
stop and start again (an outage, then a restarted Redis without its data)."""

import os
import subprocess
import time
import uuid

import pytest
import redis

from bench.http import free_port

PAUSE = 0.3  # RETRY_SECONDS in the tests: short, so that a test can wait it out


def resilient_cache_settings(url):
    """``CACHES`` with the production backend for ``REDIS_URL`` (cms.caching.backend) on
    ``url``, short time-outs, a short pause and a key prefix of its own."""
    return {
        "default": {
            "BACKEND": "cms.caching.backend.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"swv-test-{uuid.uuid4().hex}",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_SECONDS": PAUSE,
            },
        }
    }


class RedisProcess:
    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_process():
    server = RedisProcess()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


# The machine's own Redis: tests that need the page cache as in production (shared by
# every web server) without a server of their own. One database per pytest-xdist
# worker (gw0 → 9, gw1 → 10, ...): the fixture empties its database before and after
# each test, which on one shared database emptied the other worker's page cache in the
# middle of its test (a "hit" became a "miss").
SHARED_REDIS = "redis://127.0.0.1:6379/{}"


def shared_redis_url():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw") or 0) if worker.startswith("gw") else 0
    return SHARED_REDIS.format(9 + number % 7)


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on the shared Redis, emptied before and after the test."""
    from django.core.cache import caches

    settings.CACHES = resilient_cache_settings(shared_redis_url())
    settings.PAGE_CACHE_SECONDS = 600
    caches["default"].clear()
    yield settings
    caches["default"].clear()
