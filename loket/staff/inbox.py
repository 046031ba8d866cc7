"""The SWV inbox in the Wagtail admin (``/admin/loket/``).

One row per aanvraag the user may see (``permissions.policy``), a consulent's own
first. Columns: kenmerk, pupil (only for roles that may see pupil names), type,
school, consulent, status, submitted (an absolute Dutch date, never "3 dagen
geleden"), days waiting and the "actie nodig" marker of ``loket.staff.werkvoorraad``.
Everything a row shows comes from one query with joins and annotations, so the
number of queries does not grow with the number of rows.
"""

from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from cms.caching.pages import GENERATION_KEY
from cms.pagination import FirstPartPaginator
from loket.models import Aanvraag
from loket.staff import kept, telling, werkvoorraad
from loket.staff.export import export_buttons
from loket.staff.filters import AanvraagFilterSet, filters_html
from loket.staff.table import PlainRowsTable, StatusTagColumn
from permissions import policy


def require_staff(request):
    if not policy.is_swv_staff(request.user):
        raise PermissionDenied


def dutch_date(value):
    """``12 november 2026``: the date in the site's time zone, absolute."""
    if value is None:
        return ""
    return _day_label(timezone.localdate(value), get_language())


@lru_cache(maxsize=1024)
def _day_label(day, language):
    """A page of fifty rows shows a handful of days: each is formatted once (a month
    name's translation and the format lookup cost more than the rest of the cell)."""
    return formats.date_format(day, "j F Y")


class InboxView(IndexView):
    """All aanvragen the user may see; a consulent's own aanvragen first."""

    model = Aanvraag
    permission_policy = None
    template_name = "loket/admin/inbox.html"
    page_title = gettext_lazy("Loket: aanvragen")
    header_icon = "mail"
    paginate_by = 50
    paginator_class = FirstPartPaginator
    table_class = PlainRowsTable
    filterset_class = AanvraagFilterSet
    default_ordering = None
    search_fields = ["reference", "dossier__leerling__naam"]

    def dispatch(self, request, *args, **kwargs):
        require_staff(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        # One reverse() for the fifty links: the URL of a placeholder key, split.
        head, tail = reverse("loket_admin:detail", args=[0]).rsplit("0", 1)
        columns = [
            TitleColumn(
                "reference",
                label=_("Kenmerk"),
                get_url=lambda a: f"{head}{a.pk}{tail}",
                sort_key="reference",
            ),
        ]
        if policy.sees_pupil_names(self.request.user):
            columns.append(
                Column(
                    "leerling",
                    label=_("Leerling"),
                    accessor=lambda a: a.dossier.leerling.naam if a.dossier_id else "—",
                    sort_key="dossier__leerling__naam",
                )
            )
        today = timezone.localdate()
        columns += [
            Column("type", label=_("Soort"), accessor="get_type_display", sort_key="type"),
            Column("school", label=_("School"), accessor="school.name", sort_key="school__name"),
            Column(
                "consulent",
                label=_("Consulent"),
                accessor=lambda a: str(a.consulent) if a.consulent_id else "—",
                sort_key="consulent",
            ),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            Column(
                "submitted_at",
                label=_("Ingediend"),
                accessor=lambda a: dutch_date(a.submitted_at),
                sort_key="submitted_at",
            ),
            Column(
                "wachttijd",
                label=_("Dagen wachtend"),
                accessor=lambda a: werkvoorraad.days_waiting(a, today),
                sort_key="completed_at",
            ),
            StatusTagColumn("actie", label=_("Actie nodig"), accessor=werkvoorraad.actie_label),
        ]
        return columns

    @cached_property
    def generation(self):
        """What the inbox keeps is kept under this (``loket.staff.kept``), read once:
        the inbox's own generation and the page cache's (pages change the menu)."""
        return kept.inbox_generation.current(GENERATION_KEY)

    @cached_property
    def filters_html(self):
        """The filter drawer, kept per filter values (``loket.staff.filters``)."""
        return filters_html(self.filters, self.generation) if self.filters else ""

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *export_buttons(self.request)]

    def get_base_queryset(self):
        queryset = (
            policy.aanvragen_visible_to(self.request.user)
            .select_related("school", "consulent", "dossier__leerling")
            .defer("answers", "labels")
        )
        return werkvoorraad.with_actie(queryset, self.generation).alias(
            mine=Case(
                When(consulent_id=self.request.user.pk, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )

    def order_queryset(self, queryset):
        if not self.ordering:
            return queryset.order_by("mine", "-submitted_at", "-pk")
        return super().order_queryset(queryset)

    def get_paginator(self, *args, **kwargs):
        """The default order ("mine" first) in two index-ordered parts (FirstPartPaginator);
        without a filter or a search the total from the kept counts (``telling``)."""
        paginator = super().get_paginator(*args, **kwargs)
        if not self.ordering:
            paginator.first = Q(consulent_id=self.request.user.pk)
            paginator.order = ("-submitted_at", "-pk")
        if not (self.is_filtering or self.is_searching):
            total = telling.visible_total(self.request.user, paginator.object_list.db)
            if total is not None:
                paginator.count = total  # what Paginator.count would have counted
        return paginator
