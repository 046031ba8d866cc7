"""The protocols a school can log in with, keyed by name: OpenID Connect and SAML 2.0.

Each names its settings model and the URL that starts a login; the choice page,
the login page's button and single logout read this registry, so a third protocol
is one more entry, not a change in every view.
"""

from dataclasses import dataclass

from django.urls import reverse

from .models import OidcProvider, SamlProvider


@dataclass(frozen=True)
class Protocol:
    key: str
    model: type
    start: str  # URL name; takes the organisation's id

    def active(self):
        return self.model.objects.filter(is_active=True, organisation__is_active=True)


PROTOCOLS = {
    "oidc": Protocol("oidc", OidcProvider, "federatie:start"),
    "saml": Protocol("saml", SamlProvider, "federatie:saml_start"),
}


@dataclass(frozen=True)
class Choice:
    name: str
    url: str


def login_choices():
    """(school name, start URL) for every active provider, by name: one query per protocol."""
    choices = [
        Choice(provider.organisation.name, reverse(protocol.start, args=[provider.organisation_id]))
        for protocol in PROTOCOLS.values()
        for provider in protocol.active().select_related("organisation")
    ]
    return sorted(choices, key=lambda choice: choice.name.lower())


def any_active():
    return any(protocol.active().exists() for protocol in PROTOCOLS.values())


def provider_for(key, pk):
    """The active provider behind a session's login, or ``None`` when it is gone."""
    protocol = PROTOCOLS.get(key)
    return protocol.active().filter(pk=pk).first() if protocol else None
