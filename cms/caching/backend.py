"""Django's Redis cache, going on without a cache while Redis cannot be reached.

Why: with ``REDIS_URL`` set, Redis sits in front of every request (the page cache
reads it before anything else, ``cms.caching.pages.remember`` keeps the route and the site,
the rate limits count in it). With Django's ``RedisCache`` a stopped, unreachable or
full Redis made *every* page answer 500: the home page, the login page, Mijn loket and
even ``/health/``, which is meant to answer 503. Nothing the cache holds is kept only
there: pages and derived figures are computed again, the scheduler claims a job's slot
again at its next tick. So a cache outage should cost speed, not the site.

``ResilientRedisCache`` is ``RedisCache`` with every operation guarded: when Redis
cannot be reached (connection refused or lost, a time-out, "loading", or out of
memory) an operation answers as for a missing key (``get`` its default, ``add``
False, ``incr`` ValueError, writes nothing) and logs a warning. For the next
``RETRY_SECONDS`` this process then does not try Redis at all, so an unreachable
server costs one time-out per process per pause, not one per cache call. Short socket
time-outs (``socket_connect_timeout``, ``socket_timeout`` in ``OPTIONS``) keep that one
wait short. Any other Redis error (a bug) is raised as before.

What an outage means, on purpose:

* pages are rendered for every request, as with ``PAGE_CACHE_SECONDS=0``;
* the cost limits in the cache (``cms.security.ratelimit``, ``loket.ratelimit``: searches,
  feedback, newsletter mails, instemming pages) do not count: they guard cost, and
  the limits that guard accounts and codes (django-axes, the instemming code's
  tries) live in the database; "once per window" (the newsletter's confirmation
  mail) becomes "every time" (``is_away``), so nobody waits for a mail that never
  comes;
* a publish during the outage cannot move the page-cache generation: if the same
  Redis comes back with its data, a page cached before the publish can be served for
  at most ``PAGE_CACHE_SECONDS`` more (a restarted Redis without data starts a new
  generation, ``cms.caching.pages._start_generation``);
* the scheduler cannot claim a slot and so starts nothing: jobs are claimed again at
  every tick and start once Redis answers (a daily job the same day).

``/health/`` asks Redis itself (``ping``), unguarded: a load balancer and an operator
must see the outage that the pages hide.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OutOfMemoryError)
DEFAULT_RETRY_SECONDS = 5.0
_MISSING = object()


def is_away(cache):
    """True while ``cache`` is a ``ResilientRedisCache`` going on without Redis: for a
    caller whose fallback for "not there" is wrong during an outage."""
    is_paused = getattr(cache, "is_paused", None)
    return is_paused is not None and is_paused()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._paused_until = 0.0

    def is_paused(self):
        """True while this process leaves Redis alone after it did not answer."""
        return time.monotonic() < self._paused_until

    def ping(self):
        """Ask Redis directly, past the pause; raises when it cannot be reached."""
        self._cache.get_client(write=True).ping()

    def _guarded(self, operation, fallback, *args, **kwargs):
        if self.is_paused():
            return fallback
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            # The error's class only: its text may carry the server's address.
            logger.warning(
                "Cache niet bereikbaar bij %s (%s); %g s verder zonder cache",
                operation,
                type(error).__name__,
                self.retry_seconds,
            )
            self._paused_until = time.monotonic() + self.retry_seconds
            return fallback
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._guarded("incr", _MISSING, key, delta, version)
        if result is _MISSING:
            # As for a key that is not there: callers already handle it.
            raise ValueError("key not found: the cache is not reachable")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._guarded("delete_many", None, keys, version)

    def clear(self):
        return self._guarded("clear", False)
