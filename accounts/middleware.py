"""Enforce the second factor on every URL, and keep private pages out of caches."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers


def _url_name(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


class RequireVerifiedMiddleware:
    """An authenticated session that has not passed the second factor reaches
    nothing but the 2FA flow, logout and password reset: every other request, GET
    or POST, public page or Wagtail admin, is redirected to ``/account/tweestaps/``.

    Must come after django-otp's ``OTPMiddleware``, which sets ``user.is_verified``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = set(settings.TWO_FACTOR_EXEMPT_URL_NAMES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith(settings.STATIC_URL)
            and _url_name(request) not in self.exempt
        ):
            url = reverse("accounts:two_factor")
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)


class PrivateCacheControlMiddleware:
    """Every response to a logged-in user, and every account page, is ``no-store``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith(
            "/account/"
        ):
            add_never_cache_headers(response)
        return response
