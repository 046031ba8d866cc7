"""Dossiers without activity (``loket.dossiers.inactivity``), listed to be archived.

The school's page in Mijn loket lists its own open dossiers (a school user only, as
the pupil register); the consulent's (and commissie's) page in the admin lists those
of the schools they see, through ``permissions.policy``. Archiving itself stays the
school's page ``loket:archiveren``. Both lists are paged and cost the same number of
queries for any number of dossiers.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from loket.dossiers import inactivity
from loket.models import LoketSettings
from permissions import policy

PER_PAGE = 50


def _page(request, dossiers):
    before = inactivity.threshold()
    listed = inactivity.inactive(dossiers, before).select_related("leerling", "school")
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = inactivity.with_purge_date(page.object_list)
    return page, before


def _context(request, dossiers):
    page, before = _page(request, dossiers)
    days = inactivity.purge_days()
    return {
        "page": page,
        "before": before,
        "months": LoketSettings.load().dossier_inactief_maanden,
        "purge_days": days,
        "purge_years": days // 365,
    }


@login_required
@require_GET
def school_list(request):
    """``/loket/dossiers/zonder-activiteit/``: the school's own open dossiers."""
    schools = policy.own_school_ids(request.user)
    if not schools:
        raise PermissionDenied
    dossiers = policy.dossiers_visible_to(request.user, with_grants=False).filter(
        school_id__in=schools
    )
    context = _context(request, dossiers)
    context["several_schools"] = len(schools) > 1
    return TemplateResponse(request, "loket/dossier/zonder_activiteit.html", context)


@require_GET
def admin_list(request):
    """``/admin/loket/dossiers-zonder-activiteit/``: for the consulent (their schools)
    and the commissie; a beheerder reads no pupil data and is refused."""
    if not policy.is_swv_staff(request.user):
        raise PermissionDenied
    dossiers = policy.dossiers_visible_to(request.user, with_grants=False)
    context = _context(request, dossiers)
    context["show_pupil"] = policy.sees_pupil_names(request.user)
    return TemplateResponse(request, "loket/admin/zonder_activiteit.html", context)
