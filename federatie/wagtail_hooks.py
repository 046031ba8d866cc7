"""The beheerder's screens: providers per organisation, linked identities, the login log."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.snippets import WithoutChooser

from .models import FederatedIdentity, LoginEvent, OidcProvider, SamlProvider


class OidcProviderViewSet(WithoutChooser, SnippetViewSet):
    model = OidcProvider
    icon = "key"
    menu_label = _("OpenID Connect-providers")
    list_display = ["organisation", "issuer", "client_id", "trust_idp_mfa", "is_active"]
    list_filter = ["is_active", "trust_idp_mfa"]
    panels = [
        MultiFieldPanel(
            [
                # A plain list: Organisation is a snippet, whose chooser a modal needs.
                FieldPanel("organisation", widget=forms.Select),
                FieldPanel("is_active"),
            ],
            heading=_("Organisatie"),
        ),
        MultiFieldPanel(
            [FieldPanel("issuer"), FieldPanel("client_id"), FieldPanel("client_secret_env")],
            heading=_("Provider"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("match_claim"),
                FieldPanel("link_only"),
                FieldPanel("trust_idp_mfa"),
                FieldPanel("mfa_amr_values"),
                FieldPanel("mfa_acr_values"),
            ],
            heading=_("Wie en hoe"),
        ),
    ]

    def get_queryset(self, request):
        return OidcProvider.objects.select_related("organisation")


class SamlProviderViewSet(WithoutChooser, SnippetViewSet):
    model = SamlProvider
    icon = "key"
    menu_label = _("SAML-IdP's")
    list_display = ["organisation", "entity_id", "match_attribute", "trust_idp_mfa", "is_active"]
    list_filter = ["is_active", "trust_idp_mfa"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation", widget=forms.Select), FieldPanel("is_active")],
            heading=_("Organisatie"),
        ),
        MultiFieldPanel(
            [FieldPanel("entity_id"), FieldPanel("metadata_xml")],
            heading=_("IdP"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("match_attribute"),
                FieldPanel("link_only"),
                FieldPanel("trust_idp_mfa"),
                FieldPanel("mfa_classes"),
            ],
            heading=_("Wie en hoe"),
        ),
    ]

    def get_queryset(self, request):
        return SamlProvider.objects.select_related("organisation")


class FederatedIdentityViewSet(WithoutChooser, SnippetViewSet):
    model = FederatedIdentity
    icon = "link"
    menu_label = _("Gekoppelde schoolaccounts")
    list_display = ["user", "organisation", "created_at", "last_login_at"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return FederatedIdentity.objects.select_related("user", "organisation")


class LoginEventViewSet(WithoutChooser, SnippetViewSet):
    model = LoginEvent
    icon = "warning"
    menu_label = _("Aanmeldingen met schoolaccount")
    list_display = ["outcome", "organisation", "user", "reason", "created_at"]
    list_filter = ["outcome"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return LoginEvent.objects.select_related("organisation", "user")


class FederatieGroup(SnippetViewSetGroup):
    items = (
        OidcProviderViewSet,
        SamlProviderViewSet,
        FederatedIdentityViewSet,
        LoginEventViewSet,
    )
    menu_icon = "key"
    menu_label = _("Schoolaccounts")
    add_to_settings_menu = True


register_snippet(FederatieGroup)
