"""Register the loket in the Wagtail admin: inbox, dashboard panel, TOP budgets, and
which form pages need instemming before a besluit."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from permissions import policy

from .admin_views import LoketAdminViewSet, LoketDashboardPanel
from .models import InstemmingVereist, TopBudget


@hooks.register("register_admin_viewset")
def register_loket_viewset():
    return LoketAdminViewSet()


@hooks.register("construct_homepage_panels")
def add_loket_panel(request, panels):
    if policy.is_swv_staff(request.user):
        panels.append(LoketDashboardPanel(request))


class TopBudgetViewSet(SnippetViewSet):
    """A beheerder sets the TOP budget per calendar year (model permissions in loket.roles)."""

    model = TopBudget
    icon = "doc-full"
    menu_label = "TOP-budgetten"
    add_to_settings_menu = True
    list_display = ["year", "amount"]


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
