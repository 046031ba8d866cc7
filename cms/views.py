"""Views of the whole site: the Dutch error pages and the house-style stylesheet."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import SiteSettings
from .theme import HEX_COLOUR, theme_css


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
@cache_control(public=True, max_age=300)
def theme_stylesheet(request):
    """``/thema.css``: the colours of the site the request is for."""
    settings = SiteSettings.for_request(request)
    primary = settings.primary_colour if HEX_COLOUR.match(settings.primary_colour) else "#154273"
    accent = settings.accent_colour if HEX_COLOUR.match(settings.accent_colour) else "#e8eef6"
    return HttpResponse(theme_css(primary, accent), content_type="text/css; charset=utf-8")
