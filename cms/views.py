"""Views of the whole site: the Dutch error pages and the house-style stylesheet."""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .models import SiteSettings
from .theme import HEX_COLOUR, theme_css

logger = logging.getLogger(__name__)


def bad_request(request, exception=None):
    """A Dutch 400 instead of Django's bare English "Bad Request (400)".

    Django calls this for every ``SuspiciousOperation``, a Host header outside
    ``ALLOWED_HOSTS`` (``DisallowedHost``) among them. The page extends the site's
    base template, whose footer reads the site settings; those are looked up with the
    raw host (Wagtail's ``Site.find_for_request``), which falls back to the default
    site, so a forged host still gets the ordinary page and never a 500."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent without a valid token (an old tab, a
    session that ended, cookies refused). Django's reason is logged for us and not
    shown: it is English and means nothing to the visitor, who needs to know what to
    do next and that nothing saved before is lost."""
    logger.warning("CSRF-controle mislukt: %s", reason)
    no_cookie = "cookie" in reason.lower()
    return render(request, "403_csrf.html", {"no_cookie": no_cookie}, status=403)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
@cache_control(public=True, max_age=300)
def theme_stylesheet(request):
    """``/thema.css``: the colours of the site the request is for.

    No site at all (a database without one yet, or a host no site serves and no
    default site) gives the default colours, never an error page as "stylesheet"."""
    site = Site.find_for_request(request)
    settings = SiteSettings.for_site(site) if site is not None else None
    primary = getattr(settings, "primary_colour", "") or ""
    accent = getattr(settings, "accent_colour", "") or ""
    primary = primary if HEX_COLOUR.match(primary) else "#154273"
    accent = accent if HEX_COLOUR.match(accent) else "#e8eef6"
    return HttpResponse(theme_css(primary, accent), content_type="text/css; charset=utf-8")
