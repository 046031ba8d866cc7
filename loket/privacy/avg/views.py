"""The AVG inzage export in the Wagtail admin: choose one pupil, ask, download once.

Only the privacyfunctionaris and the commissie get in (``policy.may_export_avg``);
an export is offered only to the person who asked for it (``exports_of``), so
anyone else's export number is a 404, and a fetched or expired export a 410.

The search is a POST (with CSRF): a pupil's name typed here never lands in a URL,
so not in the server's access log, a proxy's, or the browser's history. After the
choice only the pupil's id travels. Each search, export and download is a line of
the register's own append-only log (``VerzoekStap``, without a request): that log
is what the privacy officer reads to account for their own work, it is guarded by a
database trigger, and it outlives an erased dossier (a dossier's logboek would not,
and ``SecurityEvent`` is about accounts, readable by beheerders, gone with an
account). A search's line holds who, when and how many were found, never the text
searched for (a name); an export's or download's line holds the pupil's id.
"""

import datetime
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from loket.models import AvgExport, Leerling, VerzoekStap
from loket.privacy.avg import export as avg_export
from loket.privacy.verzoeken.services import log_step
from permissions import policy

MAX_MATCHES = 25
Stap = VerzoekStap.Stap


def _require(request):
    if not policy.may_export_avg(request.user):
        raise PermissionDenied


def officers_only(view):
    """The role check comes before anything else (also before the method check)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        _require(request)
        return view(request, *args, **kwargs)

    return wrapped


def _matches(query, born):
    if len(query) < 2:
        return []
    leerlingen = Leerling.objects.filter(naam__icontains=query).select_related("school")
    if born is not None:
        leerlingen = leerlingen.filter(geboortedatum=born)
    return list(leerlingen.order_by("naam", "geboortedatum", "pk")[:MAX_MATCHES])


@officers_only
@require_http_methods(["GET", "POST"])
def index(request):
    """GET: the form and the officer's exports; POST: a search. A ``?q=`` in the URL
    is not read: an old bookmark or link shows the empty form."""
    _require(request)
    data = request.POST if request.method == "POST" else {}
    query = data.get("q", "").strip()[:100]
    born, error = None, ""
    raw_born = data.get("geboortedatum", "").strip()
    if raw_born:
        try:
            born = datetime.date.fromisoformat(raw_born)
        except ValueError:
            error = _("Vul de geboortedatum in als jjjj-mm-dd.")
    matches = [] if error else _matches(query, born)
    if query and not error:
        detail = f"{len(matches)} resultaten" + (", met geboortedatum" if born else "")
        log_step(None, request.user, Stap.GEZOCHT, detail)
    context = {
        "query": query,
        "raw_born": raw_born,
        "error": error,
        "matches": matches,
        "searched": bool(query),
        "exports": avg_export.exports_of(request.user).select_related("leerling")[:50],
        "days": avg_export.valid_days(),
    }
    return TemplateResponse(
        request, "loket/admin/avg_index.html", context, status=400 if error else 200
    )


@officers_only
@require_POST
def request_export(request):
    _require(request)
    try:
        leerling_id = int(request.POST.get("leerling", ""))
    except ValueError:
        leerling_id = None
    if leerling_id is None:
        messages.error(request, _("Kies een leerling."))
        return redirect("avg_admin:index")
    leerling = get_object_or_404(Leerling.objects.all(), pk=leerling_id)
    export = avg_export.request_export(request.user, leerling)
    log_step(None, request.user, Stap.INZAGE_EXPORT, f"leerling {leerling.pk}, export {export.pk}")
    messages.success(
        request,
        _("Export %(number)s wordt gemaakt. Ververs deze pagina over een paar minuten.")
        % {"number": export.pk},
    )
    return redirect("avg_admin:index")


@officers_only
@require_GET
def download(request, pk):
    _require(request)
    export = get_object_or_404(avg_export.exports_of(request.user), pk=pk)
    if export.status == AvgExport.Status.WACHTRIJ:
        return TemplateResponse(
            request, "loket/admin/avg_gone.html", {"export": export, "waiting": True}, status=409
        )
    if not export.downloadable or not avg_export.claim_download(export):
        return TemplateResponse(
            request, "loket/admin/avg_gone.html", {"export": export}, status=410
        )
    log_step(
        None,
        request.user,
        Stap.INZAGE_GEDOWNLOAD,
        f"leerling {export.leerling_id}, export {export.pk}",
    )
    response = StreamingHttpResponse(
        avg_export.stream_once(export, request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="avg-inzage-export-{export.pk}.zip"'
    response["Content-Length"] = str(export.size)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class AvgMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.may_export_avg(request.user)


class AvgAdminViewSet(ViewSet):
    name = "avg_admin"
    url_prefix = "avg-inzage"
    icon = "download"
    menu_label = gettext_lazy("AVG-inzage")
    menu_order = 160
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return AvgMenuItem

    def get_urlpatterns(self):
        return [
            path("", index, name="index"),
            path("aanvragen/", request_export, name="request"),
            path("<int:pk>/download/", download, name="download"),
        ]
