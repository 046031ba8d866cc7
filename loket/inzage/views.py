"""``/inzage/``: what an externe reads of the dossiers granted to them.

Read-only by construction: these views are GET only, and every other loket URL
leaves inzage grants out (``with_grants=False``) except the file download and
the besluit document, which are read-only and logged. Who may see which dossier
is ``permissions.policy.dossiers_readable_by_externe``: granted (valid grant dates AND
a guardian object permission) or transferred to their organisation; every page view
is written to the dossier's logboek.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.models import Role
from cms.pagination import CountWithRowsPaginator
from loket import logboek
from loket.models import Bijlage, LogEntry
from permissions import policy

PAGE_SIZE = 25


def _require_externe(user):
    if not policy.has_role(user, Role.EXTERNE):
        raise PermissionDenied


def _valid_grants(user):
    return policy.valid_grants_for(user)


def _with_end_date(dossiers, user):
    """Annotate each dossier with the latest end date of the user's valid grants on it."""
    latest = (
        _valid_grants(user)
        .filter(dossier=OuterRef("pk"))
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )
    return dossiers.annotate(inzage_tot=Subquery(latest))


@login_required
@require_GET
def index(request):
    """The dossiers granted to this externe (directly or via their organisation), valid today."""
    _require_externe(request.user)
    dossiers = _with_end_date(
        policy.dossiers_readable_by_externe(request.user).select_related("leerling", "school"),
        request.user,
    ).order_by("inzage_tot", "leerling__naam", "pk")
    page = CountWithRowsPaginator(dossiers, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "loket/inzage/index.html", {"page": page})


@login_required
@require_GET
def dossier(request, pk):
    """One granted dossier, read-only: aanvragen, answers, besluiten, files. Logged."""
    _require_externe(request.user)
    dossier = get_object_or_404(
        _with_end_date(
            policy.dossiers_readable_by_externe(request.user).select_related("leerling", "school"),
            request.user,
        ),
        pk=pk,
    )
    logboek.log(
        LogEntry.Action.DOSSIER_BEKEKEN,
        request.user,
        dossier=dossier,
        detail="via inzage",
        role=Role.EXTERNE,
    )
    aanvragen = (
        dossier.aanvragen.select_related("besluit")
        .prefetch_related(
            Prefetch(
                "bijlagen",
                queryset=Bijlage.objects.filter(
                    aanvulling__isnull=True, terugkoppeling__isnull=True
                ).order_by("pk"),
                to_attr="form_bijlagen",
            ),
            "terugkoppelingen__bijlagen",
            "aanvullingen__bijlagen",
        )
        .order_by("-submitted_at", "-pk")
    )
    for aanvraag in aanvragen:
        aanvraag.sections = aanvraag.answer_sections()
    return render(
        request, "loket/inzage/dossier.html", {"dossier": dossier, "aanvragen": aanvragen}
    )
