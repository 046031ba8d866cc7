"""Register the loket in the Wagtail admin: inbox, dashboard panel, TOP budgets."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from permissions import policy

from .admin_views import LoketAdminViewSet, LoketDashboardPanel
from .models import TopBudget


@hooks.register("register_admin_viewset")
def register_loket_viewset():
    return LoketAdminViewSet()


@hooks.register("construct_homepage_panels")
def add_loket_panel(request, panels):
    if policy.sees_loket_figures(request.user):
        panels.append(LoketDashboardPanel(request))


class TopBudgetViewSet(SnippetViewSet):
    """A beheerder sets the TOP budget per calendar year (model permissions in loket.roles)."""

    model = TopBudget
    icon = "doc-full"
    menu_label = "TOP-budgetten"
    add_to_settings_menu = True
    list_display = ["year", "amount"]


register_snippet(TopBudgetViewSet)
