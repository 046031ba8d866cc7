"""The inbox's filtered aanvragen as XLSX or CSV, for the SWV.

The same filters as the inbox (``AanvraagFilterSet``) on the same queryset
(``policy.aanvragen_visible_to``): nobody exports a row they could not open. Pupil
names and kenmerken go in only for roles that may see them
(``policy.sees_pupil_names``). A beheerder exports nothing here: rows of aanvragen
are pupil data even without names; the monitoring page exports aggregates.

Every text cell that a spreadsheet would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is neutralised with a leading
single quote (OWASP "CSV injection"). Each export is written to the logboek with
the format, the row count and the filter's field names and codes, never names or
the search text.
"""

import tablib
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from loket import logboek
from loket.models import LogEntry
from loket.staff.filters import AanvraagFilterSet
from permissions import policy

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def columns(with_names):
    """(header, function of an aanvraag) per column, in order."""
    named = [
        (_("Kenmerk"), lambda a: a.reference),
        (_("Leerling"), lambda a: a.dossier.leerling.naam if a.dossier_id else ""),
        (
            _("Geboortedatum"),
            lambda a: a.dossier.leerling.geboortedatum.isoformat() if a.dossier_id else "",
        ),
    ]
    common = [
        (_("Soort"), lambda a: a.get_type_display()),
        (_("School"), lambda a: a.school.name),
        (_("BRIN"), lambda a: a.school.brin),
        (_("Bestuur"), lambda a: a.school.bestuur.name if a.school.bestuur_id else ""),
        (_("Status"), lambda a: a.get_status_display()),
        (_("Consulent"), lambda a: str(a.consulent) if a.consulent_id else ""),
        (_("Ingediend op"), lambda a: _date(a.submitted_at)),
        (_("Besloten op"), lambda a: _date(a.decided_at)),
    ]
    return (named if with_names else []) + common


def build_dataset(queryset, with_names):
    cols = columns(with_names)
    dataset = tablib.Dataset(headers=[str(header) for header, _get in cols])
    dataset.title = "Aanvragen"
    for aanvraag in queryset:
        dataset.append([neutralise(str(get(aanvraag))) for _header, get in cols])
    return dataset


def base_queryset(user):
    if policy.is_swv_staff(user):
        queryset = policy.aanvragen_visible_to(user)
    else:
        queryset = policy.aanvragen_counted_for(user)
    related = ["school__bestuur", "consulent"]
    if policy.sees_pupil_names(user):
        related.append("dossier__leerling")
    return queryset.select_related(*related).defer("answers", "labels")


def _filter_description(data, with_search):
    parts = [
        f"{key}={data[key]}"
        for key in sorted(data)
        if key not in ("q", "formaat", "p") and data[key] and len(str(data[key])) <= 20
    ]
    if with_search:
        parts.append("zoekterm")
    return ", ".join(parts) or "geen filter"


@require_GET
def inbox_export(request):
    user = request.user
    if not policy.may_export_inbox(user):
        raise PermissionDenied
    fmt = request.GET.get("formaat", "xlsx")
    filterset = AanvraagFilterSet(request.GET, queryset=base_queryset(user), request=request)
    if fmt not in FORMATS or not filterset.is_valid():
        return render(
            request,
            "loket/admin/export_error.html",
            {"errors": filterset.errors, "bad_format": fmt not in FORMATS},
            status=400,
        )
    queryset = filterset.qs
    with_names = policy.sees_pupil_names(user)
    search = request.GET.get("q", "").strip()[:100] if with_names else ""
    if search:
        queryset = queryset.filter(
            Q(reference__icontains=search) | Q(dossier__leerling__naam__icontains=search)
        )
    dataset = build_dataset(queryset.order_by("-submitted_at", "-pk"), with_names)
    logboek.log(
        LogEntry.Action.EXPORT,
        user,
        detail=f"{fmt}, {len(dataset)} rijen, {_filter_description(request.GET, bool(search))}",
    )
    response = HttpResponse(dataset.export(fmt), content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="aanvragen-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def export_buttons(request):
    """The inbox's "Exporteren" buttons, carrying the inbox's current filters."""
    from django.urls import reverse
    from wagtail.admin.widgets.button import Button

    query = request.GET.copy()
    query.pop("p", None)
    buttons = []
    for fmt, label in (("xlsx", _("Exporteren naar Excel")), ("csv", _("Exporteren naar CSV"))):
        query["formaat"] = fmt
        url = f"{reverse('loket_admin:export')}?{query.urlencode()}"
        buttons.append(Button(label, url=url, icon_name="download"))
    return buttons
