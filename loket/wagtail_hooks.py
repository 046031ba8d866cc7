"""Register the loket in the Wagtail admin: inbox, dashboard panel, TOP budgets, and
which form pages need instemming or mede-ondertekening before a besluit."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.snippets import WithoutChooser
from loket.staff.notitie_views import OpenActiesPanel
from loket.staff.vergadering_views import VergaderingenPanel
from loket.staff.views import LoketAdminViewSet, LoketDashboardPanel
from permissions import policy

from .models import Bewaartermijn, InstemmingVereist, Medeondertekenaar, RetentieRun, TopBudget


@hooks.register("register_admin_viewset")
def register_loket_viewset():
    return LoketAdminViewSet()


@hooks.register("register_admin_viewset")
def register_avg_viewset():
    from loket.privacy.avg.views import AvgAdminViewSet

    return AvgAdminViewSet()


@hooks.register("register_admin_viewset")
def register_verzoeken_viewset():
    from loket.privacy.verzoeken.views import VerzoekenViewSet

    return VerzoekenViewSet()


@hooks.register("register_admin_viewset")
def register_monitoring_viewset():
    from loket.privacy.monitoring.views import MonitoringViewSet

    return MonitoringViewSet()


@hooks.register("register_admin_viewset")
def register_schooljaarovergang_viewset():
    from loket.leerlingen.admin_views import SchooljaarovergangViewSet

    return SchooljaarovergangViewSet()


@hooks.register("register_admin_viewset")
def register_leerlingenimport_viewset():
    from loket.leerlingen.import_admin_views import LeerlingenImportViewSet

    return LeerlingenImportViewSet()


@hooks.register("register_admin_menu_item")
def register_vergaderingen_menu_item():
    from django.urls import reverse_lazy

    from loket.staff.views import StaffMenuItem

    return StaffMenuItem(
        "Vergaderingen",
        reverse_lazy("loket_admin:vergaderingen"),
        icon_name="date",
        order=151,
    )


@hooks.register("register_admin_menu_item")
def register_tlv_menu_item():
    from django.urls import reverse_lazy

    from loket.staff.views import StaffMenuItem

    return StaffMenuItem(
        "TLV's die aflopen", reverse_lazy("loket_admin:tlv_aflopend"), icon_name="time", order=152
    )


@hooks.register("register_admin_menu_item")
def register_inactive_dossiers_menu_item():
    from django.urls import reverse_lazy

    from loket.staff.views import StaffMenuItem

    return StaffMenuItem(
        "Dossiers zonder activiteit",
        reverse_lazy("loket_admin:dossiers_inactief"),
        icon_name="folder-inverse",
        order=153,
    )


@hooks.register("construct_homepage_panels")
def add_loket_panel(request, panels):
    if policy.sees_loket_figures(request.user):
        panels.append(LoketDashboardPanel(request))
    if policy.is_swv_staff(request.user):
        panels.append(OpenActiesPanel(request))
        panels.append(VergaderingenPanel(request))
    if policy.may_handle_avg_requests(request.user):
        from loket.privacy.verzoeken.panels import VerzoekenPanel

        panels.append(VerzoekenPanel(request))


def _euro_column(name, label):
    from wagtail.admin.ui.tables import Column

    from loket.templatetags.loket_tags import euro_nowrap

    return Column(name, label=label, accessor=lambda row: euro_nowrap(getattr(row, name)))


class TopBudgetViewSet(SnippetViewSet):
    """A beheerder sets the TOP budget per calendar year (model permissions in loket.roles).

    The list is the overview per year: budget, booked, released and available, in
    one query (``loket.lifecycle.ledger.budget_overview``); amounts only, no pupils.
    """

    model = TopBudget
    icon = "doc-full"
    menu_label = "TOP-budgetten"
    add_to_settings_menu = True

    @property
    def list_display(self):
        return [
            "year",
            _euro_column("amount", "Budget"),
            _euro_column("booked", "Geboekt"),
            _euro_column("released", "Vrijgegeven"),
            _euro_column("available", "Beschikbaar"),
        ]

    def get_queryset(self, request):
        from loket.lifecycle.ledger import budget_queryset

        return budget_queryset()


register_snippet(TopBudgetViewSet)


class InstemmingVereistViewSet(SnippetViewSet):
    """Per form page: “instemming vereist voor besluit” (formulierbeheerders, loket.roles).

    Stored by the loket, keyed by the page, so the form engine stays generic."""

    model = InstemmingVereist
    icon = "tick-inverse"
    menu_label = "Instemming vereist"
    add_to_settings_menu = True
    list_display = ["page", "vereist"]


register_snippet(InstemmingVereistViewSet)


class MedeondertekenaarViewSet(SnippetViewSet):
    """Per form page: who co-signs (role label, e-mail field; formulierbeheerders,
    loket.roles). ``Medeondertekenaar.clean`` refuses a field the form does not have."""

    model = Medeondertekenaar
    icon = "edit"
    menu_label = "Mede-ondertekenaars"
    add_to_settings_menu = True
    list_display = ["page", "rol", "email_veld"]


register_snippet(MedeondertekenaarViewSet)


class BewaartermijnViewSet(SnippetViewSet):
    """A beheerder overrides the retention period and action of one kind of record
    (defaults and their sources in ``loket.privacy.retention.rules``; permissions in
    loket.roles)."""

    model = Bewaartermijn
    icon = "time"
    menu_label = "Bewaartermijnen"
    add_to_settings_menu = True
    list_display = ["__str__", "days", "action"]

    def get_form_class(self, for_update=False):
        from loket.privacy.retention.admin import BewaartermijnForm

        return BewaartermijnForm


class RetentieRunViewSet(WithoutChooser, SnippetViewSet):
    """What each retention run removed: counts and kenmerken only."""

    model = RetentieRun
    icon = "history"
    menu_label = "Opruimrondes"
    add_to_settings_menu = True
    list_display = ["__str__", "dry_run", "finished_at"]
    inspect_view_enabled = True


register_snippet(BewaartermijnViewSet)
register_snippet(RetentieRunViewSet)
