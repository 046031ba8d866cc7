"""A small fixed-window request limit on Django's cache, for pages without a login.

The parent's instemming pages are public: each IP address and each link get at
most ``limit`` requests per ``window`` seconds; more answers 429 in Dutch. This is
the hook the input-hardening work can replace with a shared limiter.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

DEFAULTS = {"per_ip": 60, "per_token": 30, "window": 600}


def limits():
    """``settings.LOKET_PUBLIC_RATE_LIMIT`` overrides the defaults (e.g. in load tests)."""
    return {**DEFAULTS, **getattr(settings, "LOKET_PUBLIC_RATE_LIMIT", {})}


def _hit(key, limit, window):
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def rate_limited(view):
    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        ip = request.META.get("REMOTE_ADDR", "")
        token_key = hashlib.sha256(token.encode()).hexdigest()[:32]
        limit = limits()
        allowed = _hit(f"rl:instemming:ip:{ip}", limit["per_ip"], limit["window"]) and _hit(
            f"rl:instemming:token:{token_key}", limit["per_token"], limit["window"]
        )
        if not allowed:
            return render(
                request,
                "loket/instemming/gesloten.html",
                {"message": "Te veel verzoeken. Probeer het over tien minuten opnieuw."},
                status=429,
            )
        return view(request, token, *args, **kwargs)

    return wrapper
