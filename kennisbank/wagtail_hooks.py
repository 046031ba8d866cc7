"""Admin menu items for the kennisbank reports (a new section gets the workflow
from ``cms.signals``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kennisbank.search.synonyms import SynonymGroup

from . import reports


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "kennisbank/zonder-resultaat/",
            reports.zero_results_view,
            name="kennisbank_zero_results",
        ),
        path("kennisbank/feedback/", reports.feedback_view, name="kennisbank_feedback"),
    ]


@hooks.register("register_reports_menu_item")
def zero_results_menu_item():
    return PermissionMenuItem(
        _("Zoekvragen zonder resultaat"),
        reverse("kennisbank_zero_results"),
        name="kennisbank-zero-results",
        icon_name="search",
        order=1000,
        permission="kennisbank.view_zeroresultquery",
    )


@hooks.register("register_reports_menu_item")
def feedback_menu_item():
    return PermissionMenuItem(
        _("Feedback op artikelen"),
        reverse("kennisbank_feedback"),
        name="kennisbank-feedback",
        icon_name="help",
        order=1010,
        permission="kennisbank.view_articlefeedback",
    )


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Synoniemen")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["__str__"]
    search_fields = ["terms"]


register_snippet(SynonymGroupViewSet)
