"""What the SWV inbox renders the same way for many requests, kept in the process.

Parts of the inbox page depend on data that changes seldom (the schools, besturen
and consulenten a filter offers) and on choices of the request that hold nothing
personal (the filter codes). Rendering them costs queries and templates on every
request; keeping the result in the process per *generation* costs one cache read.

``Generation`` is a counter in the shared cache (Redis or the file cache, so every
web process sees the same one): a change moves it on, and everything kept under an
older value is stale at once. When the counter is gone (evicted, or Redis away) a
new one starts from the clock, never from a fixed number, so no older entry can
become current again; without a working cache every request sees a new generation
and renders afresh. ``Kept`` is a small least-recently-used store per process:
its keys are chosen by the caller and must not hold personal data; its size bounds
what made-up keys can fill. An entry lives at most ``DERIVED_CACHE_SECONDS`` (as
``cms.caching.pages.remember``; 0 keeps nothing), which also bounds a change no
signal saw (a bulk update, a restored backup).
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class Generation:
    def __init__(self, key):
        self.key = key

    def current(self, *also):
        """The counter, with the values of the cache keys ``also`` (other generations,
        None when missing) as a tuple, in one read."""
        found = cache.get_many([self.key, *also])
        value = found.get(self.key)
        if value is None:
            candidate = time.time_ns()
            cache.add(self.key, candidate, timeout=None)
            value = cache.get(self.key, candidate)
        return (value, *(found.get(key) for key in also))

    def bump(self, *args, using=None, **kwargs):
        """Move on (usable as a signal receiver): now, and again once the transaction
        commits, since a request between the two may have rendered the old rows."""
        self._move_on()
        transaction.on_commit(self._move_on, using=using)

    def _move_on(self):
        try:
            cache.incr(self.key)
        except ValueError:  # no counter yet, or evicted: a new one is already a change
            cache.add(self.key, time.time_ns(), timeout=None)


class Kept:
    """At most ``size`` values, the least recently used dropped first."""

    def __init__(self, size):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The value kept under ``key``, or None (also when keeping is off)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            made, value = entry
            if time.monotonic() - made >= settings.DERIVED_CACHE_SECONDS:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key, value):
        if settings.DERIVED_CACHE_SECONDS <= 0:
            return
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


# What the inbox keeps (its filter drawer, the loket settings it reads, the sidebar)
# changes with the organisations, memberships and accounts the filters list, the
# settings, and what decides a user's menu: profiles, page and collection rights.
inbox_generation = Generation("loket:inbox:generatie")


def _account_changed(sender, update_fields=None, using=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing the inbox keeps
    inbox_generation.bump(using=using)


def connect_signals():
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
    from wagtail.users.models import UserProfile

    from accounts.models import Organisation, User
    from accounts.signals import membership_hooks
    from loket.models import LoketSettings

    # A membership change reaches other apps through accounts' one receiver (its hooks),
    # not through a receiver of their own.
    membership_hooks.register("loket-inbox", lambda user: inbox_generation.bump())
    models = (Organisation, User, LoketSettings, UserProfile, Group)
    for model in (*models, Collection, GroupCollectionPermission, GroupPagePermission):
        label = model._meta.label_lower
        receiver = _account_changed if model is User else inbox_generation.bump
        post_save.connect(receiver, sender=model, dispatch_uid=f"inbox-saved-{label}")
        post_delete.connect(
            inbox_generation.bump, sender=model, dispatch_uid=f"inbox-deleted-{label}"
        )
