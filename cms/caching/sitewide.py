"""What every page request looks up the same way, kept for one page-cache generation.

Before a page does any work of its own, Wagtail spends four queries that give the
same answer to every visitor until an editor changes something:

* the ``Site`` for the host (and then the site root's own row),
* the site settings (helpdesk, footer),
* and, before serving a page, its ancestors' alias sources and the view restrictions
  on them: two queries, although a portal has a handful of restricted pages and no
  aliases.

These are kept with ``cms.caching.pages.remember``: for ``DERIVED_CACHE_SECONDS`` and for one
page-cache generation, which a publish, unpublish, move, delete, a view restriction
change or a change to a ``Site`` or the site settings bumps (``cms.caching.pages``). Only the
short-cut is cached, never a decision about a restricted page: a page below a view
restriction, or with an alias on its way, goes through Wagtail's own check. With
``DERIVED_CACHE_SECONDS`` 0 (the tests' default) everything takes Wagtail's own path.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.db.models import Q
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from cms.caching.pages import remember

# Wagtail's tree paths: four characters per level (treebeard's ``steplen``).
STEP = Page.steplen


def _enabled():
    return settings.DERIVED_CACHE_SECONDS > 0


class SiteFromCacheMiddleware:
    """Put the request's ``Site`` (its root page loaded) and site settings in place.

    Wagtail reads both from the request when they are there (``Site.find_for_request``
    and ``BaseSiteSetting.for_request`` look for ``request._wagtail_site`` and the
    settings' cache attribute first), so nothing else changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _enabled():
            try:
                # Unlike Wagtail's own lookup, only hosts in ALLOWED_HOSTS: a made-up
                # Host header must not add entries to the cache.
                hostname = split_domain_port(request.get_host())[0]
            except DisallowedHost:
                return self.get_response(request)  # Django answers 400 further on
            port = request.get_port()
            try:
                site, site_settings = remember(
                    f"site:{hostname}:{port}", lambda: _site_and_settings(hostname, port)
                )
            except DatabaseError:
                # The database is away: this is only a short-cut, so leave it to the
                # view, which fails on its own or, like /health/, says so (503).
                return self.get_response(request)
            request._wagtail_site = site
            if site_settings is not None:
                site_settings._request = request  # as for_request does (page URLs)
                setattr(request, site_settings.get_cache_attr_name(), site_settings)
        return self.get_response(request)


def _site_and_settings(hostname, port):
    """The site Wagtail would pick, its root page as the specific page, its settings.

    A host that no site matches is remembered too, as ``(None, None)``: Wagtail then
    answers 404, and asking again on every request would not change that.
    """
    from wagtail.models.sites import get_site_for_hostname

    from cms.models import SiteSettings

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return (None, None)
    # Site.root_page is the plain Page row: the router asks for ``.specific`` at once.
    site.root_page = site.root_page.specific
    return (site, SiteSettings.for_site(site))


def restricted_paths():
    """Tree paths of pages with a view restriction, and of alias pages (two tuples)."""

    def compute():
        restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
        aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        return (tuple(restricted), tuple(aliases))

    return remember("restricted-paths", compute)


def _on_the_way(path, paths):
    """Is one of ``paths`` this page or one of its ancestors?"""
    own = {path[:end] for end in range(STEP, len(path) + 1, STEP)}
    return not own.isdisjoint(paths)


class RestrictionsFromCacheMixin:
    """For page models: no restriction queries for a page no restriction applies to.

    ``Page.get_view_restrictions`` reads the ancestors and then their restrictions on
    every page served. A page that is itself no alias, with no restricted page and no
    alias on its way, has none; it gets an empty queryset, which runs no query.
    Anything else takes Wagtail's own path, so its answer is always Wagtail's.
    """

    def get_view_restrictions(self):
        if _enabled() and self.alias_of_id is None:
            restricted, aliases = restricted_paths()
            if not _on_the_way(self.path, restricted) and not _on_the_way(self.path, aliases):
                return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def public(queryset):
    """``queryset.public()``, with the restricted pages from the cache.

    Wagtail's ``PageQuerySet.public()`` reads every view restriction (with its page)
    each time it is called: one query per listing on the page. This excludes the same
    pages, a restricted page and everything below it (``path`` starts with its path),
    from the paths kept by ``restricted_paths``.
    """
    if not _enabled():
        return queryset.public()
    restricted, _aliases = restricted_paths()
    private = Q(pk__in=[])
    for path in restricted:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)
