"""Content Security Policy with one exception for the Wagtail admin.

The public site and Mijn loket run with ``script-src 'self'``. Wagtail's own
admin widgets (InlinePanel, date and time choosers) start themselves with small
inline scripts, so under ``/admin/`` inline scripts are allowed; everything else
in the policy stays the same there.
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_SCRIPT_SRC = {"script-src": ["'unsafe-inline'"]}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **ADMIN_SCRIPT_SRC}
        return parts
