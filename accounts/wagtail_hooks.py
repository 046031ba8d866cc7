"""Wagtail admin for organisations, memberships and two-factor resets.

Beheerders manage organisations (with their members and, for schools, their
consulenten) as snippets; the permission policy of each viewset is the
beheerder's model permissions from ``accounts.roles``.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import two_factor
from .admin_forms import OrganisationAdminForm
from .models import Organisation, SecurityEvent


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisaties")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["name", "kind", "brin", "bestuur"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "brin", "licence_name"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("name"),
                FieldPanel("brin"),
                FieldPanel("licence_name"),
                FieldPanel("bestuur"),
                FieldPanel("email"),
                FieldPanel("is_active"),
            ],
            heading=_("Organisatie"),
        ),
        InlinePanel("memberships", heading=_("Leden en rollen"), label=_("lid")),
        InlinePanel(
            "consulent_assignments",
            heading=_("Consulenten (alleen voor scholen)"),
            label=_("consulent"),
        ),
    ]
    # The form refuses a beheerder giving themselves a pupil-reading role.
    edit_handler = ObjectList(panels, base_form_class=OrganisationAdminForm)


class SecurityEventViewSet(SnippetViewSet):
    model = SecurityEvent
    icon = "warning"
    menu_label = _("Beveiligingslog")
    add_to_settings_menu = True
    list_display = ["kind", "user", "actor", "created_at"]
    list_filter = ["kind"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return SecurityEvent.objects.select_related("user", "actor")


register_snippet(OrganisationViewSet)
register_snippet(SecurityEventViewSet)


def reset_two_factor_view(request, user_id):
    if not request.user.has_perm("accounts.change_user"):
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        two_factor.reset_two_factor(target, actor=request.user)
        messages.success(
            request,
            _(
                "De tweestapsverificatie van %(email)s is gereset. Bij de volgende login "
                "stelt deze gebruiker een nieuwe app in."
            )
            % {"email": target.email},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(request, "account/admin/reset_two_factor.html", {"target": target})


@hooks.register("register_admin_urls")
def register_reset_url():
    return [
        path(
            "accounts/tweestaps-reset/<int:user_id>/",
            reset_two_factor_view,
            name="accounts_reset_two_factor",
        )
    ]


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if request_user.has_perm("accounts.change_user"):
        yield Button(
            _("Tweestapsverificatie resetten"),
            url=reverse("accounts_reset_two_factor", args=[user.pk]),
            icon_name="key",
            priority=50,
        )
