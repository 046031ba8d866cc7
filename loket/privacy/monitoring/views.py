"""The monitoring dashboard in the Wagtail admin, and its XLSX export.

For the SWV roles that see the loket's figures (consulent, commissie, beheerder:
``policy.sees_loket_figures``). The context holds the figures of
``loket.privacy.monitoring.figures`` only — labels and numbers, never an aanvraag or a pupil.
"""

import functools

import tablib
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from loket.privacy.monitoring import figures as monitoring
from permissions import policy

TABLES = [
    ("per_type", gettext_lazy("Per soort")),
    ("per_status", gettext_lazy("Per status")),
    ("per_school", gettext_lazy("Per school")),
    ("per_bestuur", gettext_lazy("Per bestuur")),
    ("per_month", gettext_lazy("Per maand van indienen")),
    ("thuiszitters_per_reden", gettext_lazy("Thuiszitters per reden")),
    ("thuiszitters_per_school", gettext_lazy("Thuiszitters per school")),
]


def figures_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policy.sees_loket_figures(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _year(request):
    """The chosen year, or None; a wrong value is (None, message)."""
    raw = request.GET.get("jaar", "").strip()
    if not raw:
        return None, ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw), ""
    return None, _("Kies een jaar tussen 2000 en 2100.")


@figures_only
@require_GET
def dashboard(request):
    year, error = _year(request)
    data = monitoring.figures(year)
    context = {
        "year": year,
        "error": error,
        "total": data["total"],
        "thuiszitters": data["thuiszitters"],
        "tables": [(label, data["tables"][key]) for key, label in TABLES],
        "times": data["times"],
        "top": data["top"],
        "chart": data["chart"],
        "threshold": monitoring.THRESHOLD,
    }
    return TemplateResponse(
        request, "loket/admin/monitoring.html", context, status=400 if error else 200
    )


@figures_only
@require_GET
def export(request):
    year, error = _year(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    data = monitoring.figures(year)
    book = tablib.Databook()
    for key, label in TABLES:
        sheet = tablib.Dataset(*data["tables"][key], headers=[_("Groep"), _("Aantal")])
        sheet.title = str(label)[:31]
        book.add_sheet(sheet)
    times = tablib.Dataset(
        *data["times"],
        headers=[_("Soort"), _("Aantal besluiten"), _("Mediaan (dagen)"), _("90e percentiel")],
    )
    times.title = _("Doorlooptijden")
    book.add_sheet(times)
    top = tablib.Dataset(
        *[(row[0], *(float(value) for value in row[1:5]), row[5]) for row in data["top"]],
        headers=[
            _("Jaar"),
            _("Budget"),
            _("Geboekt"),
            _("Vrijgegeven"),
            _("Beschikbaar"),
            _("Gebruikt (%)"),
        ],
    )
    top.title = _("TOP-budget")
    book.add_sheet(top)
    response = HttpResponse(
        book.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="monitoring-{stamp}.xlsx"'
    return response


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.sees_loket_figures(request.user)


class MonitoringViewSet(ViewSet):
    name = "monitoring"
    url_prefix = "monitoring"
    icon = "view"
    menu_label = gettext_lazy("Monitoring")
    menu_order = 170
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return FiguresMenuItem

    def get_urlpatterns(self):
        return [
            path("", dashboard, name="index"),
            path("export/", export, name="export"),
        ]
