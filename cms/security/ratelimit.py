"""Rate limits for public endpoints that cost something (mail, database, search).

Fixed windows counted in Django's cache (``RATE_LIMIT_CACHE``, the default cache
unless set: locmem in tests, Redis in production), so every process shares the
count. Limits are a keyed registry in settings: ``RATE_LIMITS = {scope: "count/seconds"}``,
each overridable from the environment (see cms/settings/base.py). Cache keys hold
a hash of the identity (IP address, e-mail address, link), never the identity itself.
The client's address comes from ``cms.security.client`` (trusted proxies).

This is the site's one limiter: the newsletter, search, feedback and the parent's
public instemming pages all count here.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.template.response import TemplateResponse

from cms.caching.backend import is_away
from cms.security.client import client_ip


def parse_rate(scope):
    try:
        rate = settings.RATE_LIMITS[scope]
    except KeyError:
        known = ", ".join(sorted(settings.RATE_LIMITS))
        raise ImproperlyConfigured(
            f"No rate limit {scope!r} in settings.RATE_LIMITS (known: {known})."
        ) from None
    try:
        count, seconds = (int(part) for part in rate.split("/"))
    except ValueError:
        raise ImproperlyConfigured(
            f"RATE_LIMITS[{scope!r}] = {rate!r}: write it as 'count/seconds'."
        ) from None
    return count, seconds


def _cache():
    return caches[getattr(settings, "RATE_LIMIT_CACHE", "default")]


def _key(scope, identity, window):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def allow(scope, identity):
    """Count one hit of ``identity`` for ``scope``; False once the window's limit is used up."""
    count, seconds = parse_rate(scope)
    if count <= 0:
        return True  # 0 switches the limit off
    window = int(time.time() // seconds)
    key = _key(scope, identity, window)
    cache = _cache()
    cache.add(key, 0, timeout=seconds + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds + 1)
        hits = 1
    return hits <= count


def allow_client(scope, request):
    """``allow`` for the visitor who made ``request`` (address: ``cms.security.client``)."""
    return allow(scope, client_ip(request))


def first_in_window(scope, identity):
    """True for the first call per ``identity`` in ``scope``'s window (atomic ``add``).

    While the cache is away (``cms.caching.backend``) every call is the first: a mail
    too many (one per request) rather than none at all."""
    _count, seconds = parse_rate(scope)
    cache = _cache()
    return cache.add(_key(scope, identity, "once"), 1, timeout=seconds) or is_away(cache)


def reset(scope, identity):
    """Forget ``first_in_window`` for ``identity`` (the thing it guarded is used up)."""
    _cache().delete(_key(scope, identity, "once"))


def too_many_requests(request, scope):
    _count, seconds = parse_rate(scope)
    response = TemplateResponse(request, "429.html", {}, status=429)
    response["Retry-After"] = str(seconds)
    return response
