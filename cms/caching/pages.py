"""Anonymous page cache: public Wagtail pages served without touching the database.

Why not Django's ``cache_page``/``UpdateCacheMiddleware``: those cache per URL and
``Vary`` header, cannot be purged when an editor publishes, and happily store a page
that rendered a CSRF token. This cache is narrower on purpose:

* it serves and stores only anonymous ``GET`` requests that carry no session cookie,
  no messages cookie and no ``Authorization`` header, so nothing a logged-in user
  sees (Mijn loket, inzage, account, admin, the form engine) can ever come from it;
* it stores only ``200`` responses of Wagtail's page view (``wagtail_serve``) that set
  no cookie, used no CSRF token, and are not ``private``/``no-store``. Everything
  else (views outside Wagtail, password-protected or login-restricted pages, form
  pages) passes straight through;
* the key varies on scheme, host and the full path with query string: the only
  request parts a public page depends on once cookies are excluded. A query string
  is cached only when it holds nothing but parameters the public pages read
  (``PAGE_CACHE_QUERY_PARAMS``); with any other (made up, or a newsletter link's
  ``utm_source``) the page is rendered and not stored, so the cache's keys are not
  the visitor's to choose (each would be a copy of the page, pushing real pages out);
* every entry carries the cache *generation* it was rendered in. Publishing,
  unpublishing, moving or deleting any page, adding or removing a view restriction,
  saving or deleting a ``Site`` or saving the site settings, bumps the
  generation, which invalidates every page at once. A single publish changes menus,
  listings and breadcrumbs on pages other than itself, so "the affected pages" are in
  practice all pages of the site; one integer is also what several web servers
  behind a load balancer can share through Redis. ``PAGE_CACHE_SECONDS`` bounds how
  long a page lives in any case (0 turns the cache off).

A page may ask to be followed up on every hit: a view sets
``response.page_cache_notes = {key: payload}`` (small, JSON-like), the entry keeps the
notes beside the page, and a hit calls ``hit_actions[key](request, payload)`` before it
answers. The kennisbank's search box is a cached page, and its search statistics
counted a query only on a miss; now it counts every one (``kennisbank.search.views``).
An action that fails is logged and the page is served anyway.

The generation and the entry are read in one round trip (``get_many``, ``_current``).
A generation that has to start (none yet, or its key evicted) starts from the clock,
never from a fixed number, so no older entry can become current again.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from accounts.registry import Registry

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HIT_HEADER = "X-Page-Cache"
# Headers that must never be replayed to another visitor.
NOT_STORED = {"set-cookie", HIT_HEADER.lower()}
# What a hit must still do, keyed by the note a page left (see the module docstring).
hit_actions = Registry("page cache hit actions")


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def purge_all(**kwargs):
    """Invalidate every cached page (signal receiver; ``kwargs`` are the signal's)."""
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (or evicted): a new one is already a purge.
        _start_generation(cache)


def _start_generation(cache):
    """A generation no entry can carry yet, when the cache holds none.

    Never a fixed number such as 0 or 1: the generation key can be evicted like any
    other (the file cache culls a third of its entries at random when it is full;
    Redis may evict under memory pressure), and a generation counted from the same
    start again would make entries of an earlier generation current once more: a page
    made private, or an old text, served for up to ``PAGE_CACHE_SECONDS``. The clock
    in nanoseconds is new every time; ``add`` lets the first process win a race."""
    candidate = time.time_ns()
    cache.add(GENERATION_KEY, candidate, timeout=None)
    return cache.get(GENERATION_KEY, candidate)


def generation():
    """The generation now (one cache read; a new one when there is none), for what a
    process keeps in its own memory and must drop at a purge
    (``kennisbank.search.suggest``)."""
    cache = page_cache()
    current = cache.get(GENERATION_KEY)
    return current if current is not None else _start_generation(cache)


def _key(request):
    scheme = "https" if request.is_secure() else "http"
    raw = f"{scheme}://{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _request_is_cacheable(request):
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if any(name not in settings.PAGE_CACHE_QUERY_PARAMS for name in request.GET):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _response_is_cacheable(request, response):
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page rendered a CSRF token tied to this visitor
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _freeze(response):
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
    notes = getattr(response, "page_cache_notes", None) or {}
    return (response.status_code, headers, response.content, notes)


def _follow_up(request, notes):
    """Run the hit actions the cached page asked for; never fail the hit over one."""
    for key, payload in notes.items():
        try:
            hit_actions[key](request, payload)
        except Exception:  # noqa: BLE001 - the page is served anyway; the log says why
            logger.exception("Page cache hit action %s failed", key)


def _thaw(frozen):
    status, headers, content, *_notes = frozen  # entries made before notes had three parts
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class AnonymousPageCacheMiddleware:
    """Place directly after WhiteNoise: a hit skips sessions, auth and the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        cache = page_cache()
        key = _key(request)
        generation, frozen = _current(cache, key)
        if frozen is not None:
            _follow_up(request, frozen[3] if len(frozen) > 3 else {})
            response = _thaw(frozen)
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _response_is_cacheable(request, response):
            # Stored under the generation read *before* rendering: a publish during
            # the render makes this entry stale at once instead of serving old text.
            cache.set(key, (generation, _freeze(response)), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response


def _current(cache, key):
    """(the generation now, the value stored under ``key`` in it or None), one round trip.

    Entries are ``(generation, value)``; one of an older generation is stale. The
    caller stores a new value under the generation returned here, read before it
    computed the value.
    """
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return _start_generation(cache), None  # nothing can belong to a new generation
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return generation, entry[1]
    return generation, None


def remember(name, compute, store=True):
    """``compute()``, kept for ``DERIVED_CACHE_SECONDS`` and for one page-cache generation.

    For figures several public pages derive from all published content (popular
    articles, article counts per category): they change when something is published,
    unpublished, moved or deleted, which bumps the generation and so recomputes them at
    the next request, or slowly (page views), which the time limit covers. Unlike the
    page cache this also serves logged-in visitors and pages with a CSRF token: the
    value holds nothing personal. ``DERIVED_CACHE_SECONDS`` 0 computes every time.
    ``compute`` returns a value other than None (None reads as "not stored").
    ``store=False`` reads a kept value but keeps no new one (a search nobody asked
    before today: ``kennisbank.search.views``).
    """
    seconds = settings.DERIVED_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    cache = page_cache()
    key = f"derived:{name}"
    generation, value = _current(cache, key)
    if value is not None:
        return value
    value = compute()
    if store:
        cache.set(key, (generation, value), seconds)
    return value


def remember_shown(request, name, compute):
    """``remember(name, compute)`` for what one page shows of published content, except
    in the editor's preview: that shows unpublished changes and is computed afresh."""
    if getattr(request, "is_preview", False):
        return compute()
    return remember(name, compute)


def purge_on_change(*models):
    """Purge whenever a row of one of ``models`` is saved or deleted: for what public
    pages show besides the pages themselves (a restriction, a site, a document, ...)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        label = model._meta.label_lower
        post_save.connect(purge_all, sender=model, dispatch_uid=f"pagecache-saved-{label}")
        post_delete.connect(purge_all, sender=model, dispatch_uid=f"pagecache-deleted-{label}")


def connect_signals():
    """Purge on everything that changes what a public page shows."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.models import SiteSettings

    page_published.connect(purge_all, dispatch_uid="pagecache-published")
    page_unpublished.connect(purge_all, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(purge_all, dispatch_uid="pagecache-moved")
    post_delete.connect(purge_all, sender=Page, dispatch_uid="pagecache-deleted")
    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="pagecache-settings")
    purge_on_change(
        # A restriction makes pages private (or public again): no cached copy may outlive it.
        PageViewRestriction,
        # A site's host, port or root page decides which pages a URL reaches (cms.caching.sitewide).
        Site,
        # Pages show a document's title, size and URL and an image's renditions: a
        # replaced file or a new title must not wait for the page cache to expire.
        get_document_model(),
        get_image_model(),
    )


def _settings_saved(created, **kwargs):
    # Wagtail creates the settings row on the first page view; that changes nothing
    # a page shows, and purging then would make every first render a miss.
    if not created:
        purge_all()
