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
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts import role_log, two_factor
from accounts.activation import links as activation
from accounts.snippets import WithoutChooser

from .admin_forms import OrganisationAdminForm
from .models import Organisation, SecurityEvent

MEMBERSHIP_SNAPSHOT = "_accounts_membership_snapshot"


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisaties")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["name", "kind", "school_type", "brin", "bestuur"]
    list_filter = ["kind", "school_type", "is_active"]
    search_fields = ["name", "brin", "licence_name"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("school_type"),
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


class SecurityEventViewSet(WithoutChooser, SnippetViewSet):
    model = SecurityEvent
    icon = "warning"
    menu_label = _("Beveiligingslog")
    add_to_settings_menu = True
    list_display = ["kind", "user", "detail", "actor", "created_at"]
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
                "De tweestapsverificatie van %(email)s is gereset. De gebruiker is overal "
                "uitgelogd en krijgt een activatielink om een nieuwe app te koppelen."
            )
            % {"email": target.email},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(request, "account/admin/reset_two_factor.html", {"target": target})


def send_activation_view(request, user_id):
    """A beheerder mails an activation link to an account without an app."""
    if not request.user.has_perm("accounts.change_user"):
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    enrolled = two_factor.has_two_factor(target)
    if request.method == "POST" and not enrolled:
        activation.send_link(target, actor=request.user)
        messages.success(
            request, _("Er is een activatielink gestuurd naar %(email)s.") % {"email": target.email}
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request, "account/admin/send_activation.html", {"target": target, "enrolled": enrolled}
    )


@hooks.register("register_admin_urls")
def register_reset_url():
    from accounts.imports.views import confirm_view, import_view

    return [
        path("importeren/", import_view, name="accounts_import"),
        path("importeren/bevestigen/", confirm_view, name="accounts_import_confirm"),
        path(
            "accounts/tweestaps-reset/<int:user_id>/",
            reset_two_factor_view,
            name="accounts_reset_two_factor",
        ),
        path(
            "accounts/activatielink/<int:user_id>/",
            send_activation_view,
            name="accounts_send_activation",
        ),
    ]


@hooks.register("after_create_user")
def send_activation_to_new_user(request, user):
    """A new account has no password until its owner sets one through the link.

    Beheerders never set passwords (``WAGTAILUSERS_PASSWORD_ENABLED = False``);
    Wagtail then leaves the field empty, which is made explicitly unusable here.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    activation.send_link(user, actor=request.user)
    messages.info(
        request, _("Er is een activatielink gestuurd naar %(email)s.") % {"email": user.email}
    )


# --- Role changes in the Beveiligingslog -------------------------------------------


@hooks.register("before_edit_snippet")
def snapshot_memberships(request, instance):
    if isinstance(instance, Organisation):
        setattr(request, MEMBERSHIP_SNAPSHOT, role_log.snapshot(instance))


@hooks.register("before_delete_snippet")
def snapshot_memberships_before_delete(request, instances):
    snapshots = {
        o.pk: (o.name, role_log.snapshot(o)) for o in instances if isinstance(o, Organisation)
    }
    setattr(request, MEMBERSHIP_SNAPSHOT, snapshots)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def log_membership_changes(request, instance):
    if isinstance(instance, Organisation):
        before = getattr(request, MEMBERSHIP_SNAPSHOT, {})
        role_log.record_changes(request.user, instance.name, before, role_log.snapshot(instance))


@hooks.register("after_delete_snippet")
def log_memberships_deleted(request, instances):
    for name, before in getattr(request, MEMBERSHIP_SNAPSHOT, {}).values():
        role_log.record_changes(request.user, name, before, {})


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if request_user.has_perm("accounts.change_user"):
        yield Button(
            _("Tweestapsverificatie resetten"),
            url=reverse("accounts_reset_two_factor", args=[user.pk]),
            icon_name="key",
            priority=50,
        )
        # Shown for every user (no query per row); the view says when the
        # account already has an app.
        yield Button(
            _("Activatielink sturen"),
            url=reverse("accounts_send_activation", args=[user.pk]),
            icon_name="mail",
            priority=51,
        )


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from accounts.imports.views import _kinds_for

        return bool(_kinds_for(request.user))


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Importeren"), reverse("accounts_import"), icon_name="upload", order=950
    )
