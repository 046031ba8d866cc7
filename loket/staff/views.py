"""The SWV side of the loket in the Wagtail admin: the detail page with the actions
(one at a time, in tabs), the logboek and the dashboard panel. The inbox is in
``loket.staff.inbox``, notes and action items in ``loket.staff.notitie_views``,
vergaderingen in ``loket.staff.vergadering_views``.

Wagtail's model permission policies know nothing of schools, so every view here
starts from ``permissions.policy``: a consulent sees the aanvragen of their own
schools only, and any other aanvraag is a 404. Only SWV staff (consulent,
commissie) get in at all; a beheerder sees only the dashboard's counts.
"""

import django_filters
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet

from accounts.models import Role
from loket import logboek
from loket.dossiers import inactief_views
from loket.lifecycle import evaluatie, services, tlv
from loket.models import Aanvraag, Bijlage, LogEntry, LoketSettings
from loket.staff import actions
from loket.staff import bezwaar_views as admin_bezwaar
from loket.staff import notitie_views as admin_notities
from loket.staff import tlv_views as admin_tlvs
from loket.staff import top_views as admin_top
from loket.staff import vergadering_views as admin_vergaderingen
from loket.staff.export import inbox_export
from loket.staff.forms import AssignForm, BesluitForm, MessageForm, TerugkoppelingForm
from loket.staff.inbox import InboxView, require_staff
from loket.types import AanvraagType
from permissions import policy

_require_staff = require_staff


class LogEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=gettext_lazy("Wat"), choices=LogEntry.Action.choices)
    role = django_filters.ChoiceFilter(label=gettext_lazy("Rol"), choices=Role.choices)
    reference = django_filters.CharFilter(label=gettext_lazy("Kenmerk"), lookup_expr="iexact")
    at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Periode"), widget=DateRangePickerWidget
    )

    class Meta:
        model = LogEntry
        fields = []


class LogboekView(IndexView):
    """The logboek, read-only, of the dossiers and aanvragen the user may see."""

    model = LogEntry
    permission_policy = None
    page_title = gettext_lazy("Loket: logboek")
    header_icon = "history"
    paginate_by = 100
    filterset_class = LogEntryFilterSet
    default_ordering = "-at"

    def dispatch(self, request, *args, **kwargs):
        _require_staff(request)
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            Column(
                "at",
                label=_("Wanneer"),
                accessor=lambda e: formats.date_format(timezone.localtime(e.at), "j F Y H:i"),
                sort_key="at",
            ),
            Column("actor", label=_("Wie")),
            Column("role", label=_("Rol")),
            Column("action", label=_("Wat"), accessor="get_action_display"),
            Column("reference", label=_("Kenmerk")),
            Column("detail", label=_("Details")),
        ]

    def get_base_queryset(self):
        return logboek.entries_visible_to(self.request.user)


def _admin_aanvraag(request, pk):
    _require_staff(request)
    return get_object_or_404(
        policy.aanvragen_visible_to(request.user).select_related(
            "dossier__leerling", "school__bestuur", "consulent", "submitted_by"
        ),
        pk=pk,
    )


def _detail_response(request, aanvraag, forms=None, status=200, warnings=()):
    forms = forms or {}
    is_commissie = request.user.is_superuser or policy.has_role(request.user, Role.COMMISSIE)
    besluit = getattr(aanvraag, "besluit", None)
    # What the school asked for is the default of the besluit (TOP: amount and start).
    requested = services.requested_amounts(aanvraag)
    initial = {"start_date": requested.get("start_date")}
    if aanvraag.type == AanvraagType.TOP_ARRANGEMENT:
        initial["amount"] = requested.get("total")
    if tlv.is_tlv(aanvraag):  # a TLV runs to 31 July; a verlenging follows the old one
        start = initial["start_date"] or tlv.default_start(aanvraag)
        initial.update(start_date=start, end_date=tlv.default_end(start))
    context = {
        "aanvraag": aanvraag,
        "sections": aanvraag.answer_sections(),
        "bijlagen": aanvraag.bijlagen.select_related("uploaded_by"),
        "aanvullingen": aanvraag.aanvullingen.select_related("created_by").prefetch_related(
            "bijlagen"
        ),
        "terugkoppelingen": aanvraag.terugkoppelingen.select_related("author").prefetch_related(
            "bijlagen"
        ),
        "history": aanvraag.history.select_related("by"),
        "log": LogEntry.objects.filter(aanvraag_id=aanvraag.pk).order_by("-at", "-pk")[:100],
        "besluit": besluit,
        "can_take_in": aanvraag.status in (Aanvraag.Status.INGEDIEND, Aanvraag.Status.AANGEVULD),
        "can_request": aanvraag.status
        in (Aanvraag.Status.IN_BEHANDELING, Aanvraag.Status.AANGEVULD),
        "can_decide": is_commissie
        and aanvraag.status in (Aanvraag.Status.IN_BEHANDELING, Aanvraag.Status.AANGEVULD),
        "can_archive": aanvraag.dossier_id is not None
        and not aanvraag.is_open
        and not aanvraag.dossier.is_archived,
        "assign_form": forms.get("assign") or AssignForm(initial={"consulent": aanvraag.consulent}),
        "aanvulling_form": forms.get("aanvulling") or MessageForm(prefix="aanvulling"),
        "terugkoppeling_form": forms.get("terugkoppeling") or TerugkoppelingForm(prefix="tk"),
        "besluit_form": forms.get("besluit") or BesluitForm(prefix="besluit", initial=initial),
        "requested": requested,
        "cap_warnings": warnings,
        "top_summary": services.top_budget_summary()
        if aanvraag.type == AanvraagType.TOP_ARRANGEMENT
        else None,
        "is_top": aanvraag.type == AanvraagType.TOP_ARRANGEMENT,
        "tlv_term": tlv.term_facts(aanvraag),
        "evaluaties": evaluatie.moments_for_page(aanvraag),
        "may_move_evaluatie": is_commissie or policy.has_role(request.user, Role.CONSULENT),
    }
    context.update(admin_notities.context_for(request, aanvraag, forms))
    context.update(admin_vergaderingen.context_for(request, aanvraag, forms))
    context.update(admin_bezwaar.context_for(request, aanvraag, forms))
    context.update(admin_top.context_for(request, aanvraag, forms))
    context["action_tabs"], context["active_tab"] = _action_tabs(context, aanvraag, forms)
    # Only the fields that fit this type of aanvraag (the service checks them again).
    besluit_form = context["besluit_form"]
    if aanvraag.type in (AanvraagType.TLV, AanvraagType.TLV_VERLENGING):
        besluit_form.fields.pop("amount", None)
    else:
        besluit_form.fields.pop("tlv_categorie", None)
    if not evaluatie.is_evaluated(aanvraag):  # a TLV has its own term
        besluit_form.fields.pop("evaluatie_1", None)
        besluit_form.fields.pop("evaluatie_2", None)
    if context["can_decide"]:
        # The maxima a grant would go over (they need "Afwijken" with a reason).
        start = requested.get("start_date") or timezone.localdate()
        amount = initial.get("amount") if aanvraag.type == AanvraagType.TOP_ARRANGEMENT else None
        context["cap_warnings"] = list(warnings) or services.limit_breaches(
            aanvraag, start, amount=amount, lock=False
        )
    return TemplateResponse(request, "loket/admin/detail.html", context, status=status)


TAB_OF_FORM = {
    "assign": "toewijzen",
    "aanvulling": "aanvulling",
    "terugkoppeling": "terugkoppeling",
    "besluit": "besluit",
    **admin_bezwaar.TAB_OF_FORM,
    admin_top.ACTION: admin_top.ACTION,
}


def _action_tabs(context, aanvraag, forms):
    """The action tabs this aanvraag offers now, and the one shown first: the tab of a
    refused form, else the action its status asks for."""
    tabs = []
    if aanvraag.is_open:
        tabs.append(("toewijzen", _("Toewijzen")))
    if context["can_request"]:
        tabs.append(("aanvulling", _("Aanvulling vragen")))
    if aanvraag.status != Aanvraag.Status.INGETROKKEN:
        tabs.append(("terugkoppeling", _("Terugkoppeling")))
    if context["can_decide"]:
        tabs.append(("besluit", _("Besluit")))
    tabs += context["bezwaar_tabs"]
    tabs += context["top_tabs"]
    keys = [key for key, _title in tabs]
    wanted = [TAB_OF_FORM[name] for name in forms if name in TAB_OF_FORM]
    if not wanted:
        if aanvraag.status == Aanvraag.Status.INGEDIEND and aanvraag.consulent_id is None:
            wanted = ["toewijzen"]
        wanted += ["besluit", "hoorzitting", "bezwaar-uitkomst", "terugkoppeling"]
        if context["awaiting_herziening"]:
            wanted.insert(0, "herziening")
    active = next((key for key in wanted if key in keys), keys[0] if keys else "")
    return tabs, active


@require_GET
def detail(request, pk):
    aanvraag = _admin_aanvraag(request, pk)
    logboek.log(LogEntry.Action.BEKEKEN, request.user, aanvraag=aanvraag)
    return _detail_response(request, aanvraag)


@require_POST
def action(request, pk, name):
    """Run one action on an aanvraag; refused actions re-render with a 4xx."""
    aanvraag = _admin_aanvraag(request, pk)
    forms = {}
    try:
        outcome = actions.run(name, request, aanvraag, forms)
    except services.TransitionError as error:
        messages.error(request, error.message)
        aanvraag = _admin_aanvraag(request, pk)
        return _detail_response(request, aanvraag, forms, status=error.status)
    messages.success(request, outcome.message)
    for warning in outcome.warnings:
        messages.warning(request, warning)
    if request.POST.get("terug") == "vergaderingen":  # planned from the list of vergaderingen
        return redirect("loket_admin:vergaderingen")
    terug = request.POST.get("terug_vergadering", "")
    if terug.isdigit():  # postponed from the agenda of a vergadering
        return redirect("loket_admin:vergadering", pk=int(terug))
    return redirect("loket_admin:detail", pk=pk)


@require_GET
def admin_download(request, pk, bijlage_pk):
    """Downloads from the admin go through the same checks as Mijn loket."""
    from loket.school.views import download

    aanvraag = _admin_aanvraag(request, pk)
    get_object_or_404(Bijlage.objects.filter(aanvraag=aanvraag), pk=bijlage_pk)
    return download(request, aanvraag.reference, bijlage_pk)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.is_swv_staff(request.user)


class LoketAdminViewSet(ViewSet):
    name = "loket_admin"
    url_prefix = "loket"
    icon = "mail"
    menu_label = gettext_lazy("Loket")
    menu_order = 150
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return StaffMenuItem

    def get_urlpatterns(self):
        inbox = InboxView.as_view(
            index_url_name="loket_admin:index", index_results_url_name="loket_admin:index_results"
        )
        results = InboxView.as_view(
            index_url_name="loket_admin:index",
            index_results_url_name="loket_admin:index_results",
            results_only=True,
        )
        log_kwargs = {
            "index_url_name": "loket_admin:logboek",
            "index_results_url_name": "loket_admin:logboek_results",
        }
        return [
            path("", inbox, name="index"),
            path("logboek/", LogboekView.as_view(**log_kwargs), name="logboek"),
            path(
                "logboek/resultaten/",
                LogboekView.as_view(**log_kwargs, results_only=True),
                name="logboek_results",
            ),
            path("resultaten/", results, name="index_results"),
            path("export/", inbox_export, name="export"),
            path("<int:pk>/", detail, name="detail"),
            path("tlvs/", admin_tlvs.aflopend, name="tlv_aflopend"),
            path(
                "dossiers-zonder-activiteit/",
                inactief_views.admin_list,
                name="dossiers_inactief",
            ),
            path("vergaderingen/", admin_vergaderingen.index, name="vergaderingen"),
            path("vergaderingen/<int:pk>/", admin_vergaderingen.agenda, name="vergadering"),
            path(
                "vergaderingen/<int:pk>/notulen/<int:punt_pk>/",
                admin_vergaderingen.notulen,
                name="vergadering_notulen",
            ),
            path("<int:pk>/actie/<slug:name>/", action, name="action"),
            path("<int:pk>/bijlagen/<int:bijlage_pk>/", admin_download, name="bijlage"),
        ]


class LoketDashboardPanel(Component):
    """Counts per status and type, overdue aanvragen and the TOP budget (no pupils).

    A beheerder sees the counts over all aanvragen but no links to the inbox or
    the logboek, which are not theirs to read.
    """

    name = "loket_dashboard"
    order = 50
    template_name = "loket/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        queryset = policy.aanvragen_counted_for(self.request.user)
        per_status = dict(
            queryset.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        per_type = dict(
            queryset.order_by().values_list("type").annotate(n=Count("pk")).values_list("type", "n")
        )
        return {
            "per_status": [
                (label, per_status.get(value, 0)) for value, label in Aanvraag.Status.choices
            ],
            "per_type": [
                (label, per_type[value])
                for value, label in AanvraagType.choices
                if value in per_type
            ],
            "overdue": services.overdue_aanvragen(queryset).count(),
            "overdue_weeks": LoketSettings.load().overdue_weeks,
            "top": services.top_budget_summary(),
            "inbox_url": reverse("loket_admin:index"),
            "logboek_url": reverse("loket_admin:logboek"),
            "may_open": policy.is_swv_staff(self.request.user),
        }
