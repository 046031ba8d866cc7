"""Routing a page request with one query instead of two per level of the tree.

Wagtail routes ``/kennisbank/categorie/artikel/`` by asking each page for its child
with the next slug and then reading that child's own row: two queries per level, six
below the home page for an article, before the page does any work of its own. Every
page's ``url_path`` already holds its whole slug path, so the site root
(``content.HomePage``) asks for all the pages on the way at once and hands the request
to the right one.

Wagtail's rules stay as they are (``tests/kennisbank/test_routing.py`` compares the two):

- a page on the way whose class routes the rest of the path itself gets it, as it would
  from Wagtail: a ``RoutablePageMixin`` page when one of its routes matches the rest
  (otherwise Wagtail, too, goes on to its children), any other ``route`` override
  always;
- pages on the way need not be live, the last one must (``Page.route`` checks it);
- a slug that is not there is a 404.

Where a path leads (the page that routes the rest, with its parents) is the same for
every visitor until an editor publishes, unpublishes, moves or deletes a page, so it
is kept for one page-cache generation (``cms.caching.pages.remember``), like the ``Site``
(``cms.caching.sitewide``): a page view then needs no routing query at all. Only a path that
leads somewhere is kept; a 404 is asked again. The page's own view still decides the
rest (a kennisbank article is looked up by its view, a draft form by its owner).
"""

import hashlib
from itertools import accumulate

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from cms.caching.pages import remember


class OneQueryRouteMixin:
    """For the site root page: route the pages below it with ``route_below``."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route_below(self, request, path_components)


def route_below(root, request, components):
    path = hashlib.sha256("/".join(components).encode()).hexdigest()
    page, remaining = remember(f"route:{root.pk}:{path}", lambda: destination(root, components))
    return page.route(request, remaining)


def destination(root, components):
    """(the specific page that routes the rest of the path, that rest); Http404 if none."""
    urls = list(accumulate((f"{slug}/" for slug in components), initial=root.url_path))[1:]
    found = Page.objects.filter(url_path__in=urls, path__startswith=root.path, depth__gt=root.depth)
    pages = {page.url_path: page for page in found}
    parent = root
    for level, url in enumerate(urls, start=1):
        page = pages.get(url)
        if page is None or page.depth != root.depth + level:
            raise Http404
        page._cached_parent_obj = parent  # as Page.route does: get_parent() needs no query
        remaining = components[level:]
        if not remaining or _routes_itself(page, remaining):
            return page.specific, remaining
        parent = page
    raise Http404  # not reached: the last level always returns


def _routes_itself(page, remaining):
    """Would Wagtail let ``page`` route ``remaining`` rather than go to its child?"""
    cls = page.specific_class
    if cls is None or cls.route is Page.route:
        return False
    if cls.route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            cls.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Http404:
            return False
    return True
