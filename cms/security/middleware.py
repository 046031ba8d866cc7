"""Request checks of the whole site: the Content Security Policy, bad cookies and
control characters, and a Dutch 503 while the file storage is away.

Content Security Policy with one exception for the Wagtail admin.

The public site and Mijn loket run with ``script-src 'self'``. Wagtail's own
admin widgets (InlinePanel, date and time choosers) start themselves with small
inline scripts, so under ``/admin/`` inline scripts are allowed; everything else
in the policy stays the same there.
"""

import logging

from csp.middleware import CSPMiddleware
from django.template.response import TemplateResponse

from cms.files.storage import STORAGE_UNREACHABLE, StorageUnavailable
from cms.security.textinput import MESSAGE, has_forbidden, querydict_has_forbidden

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/admin/"
ADMIN_SCRIPT_SRC = {"script-src": ["'unsafe-inline'"]}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **ADMIN_SCRIPT_SRC}
        return parts


class DropBadCookiesMiddleware:
    """Drop a cookie holding NUL or another control character, as if the browser had
    sent none: the session store would otherwise put it in a query. Placed before the
    session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [n for n, v in request.COOKIES.items() if has_forbidden(n + v)]:
            del request.COOKIES[name]
        return self.get_response(request)


class InputCheckMiddleware:
    """Refuse, with a Dutch page and 400, any request whose path, query string or
    posted form fields hold NUL or other control characters (see ``cms.security.textinput``),
    before any view, form or admin screen sees them.

    Placed after the CSP middleware, so the refusal page has the same headers as
    every other page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.refused(request):
            return TemplateResponse(
                request, "400_input.html", {"message": MESSAGE}, status=400
            ).render()
        return self.get_response(request)

    def refused(self, request):
        if has_forbidden(request.path_info):
            return True
        if querydict_has_forbidden(request.GET):
            return True
        return request.method == "POST" and querydict_has_forbidden(request.POST)


class StorageOutageMiddleware:
    """A file storage that cannot be reached (S3 away, ``cms.files.storage``) answers a
    Dutch 503 with ``Retry-After``, not a 500: a download, a Wagtail document, an
    upload outside the forms that say it themselves. Logged by the error's class
    only: no path, no name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (*STORAGE_UNREACHABLE, StorageUnavailable)):
            return None
        logger.warning("Bestandsopslag niet bereikbaar (%s)", type(exception).__name__)
        message = str(StorageUnavailable())
        response = TemplateResponse(request, "503_storage.html", {"message": message}, status=503)
        response["Retry-After"] = "60"
        return response
