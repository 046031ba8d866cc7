"""Linking one's own school account, at /account/schoolaccount/koppelen/.

Some IdPs identify a person by a value no portal account can be compared with:
Entree Federatie's ``uid`` is an encrypted ``hash@realm``, an ECK iD a pseudonym.
For those the beheerder sets the provider to ``link_only``: a user logs in as today
(password and authenticator app), starts a link here, logs in at the school's IdP
and comes back; the identity the IdP vouched for is then theirs. Only a verified
session can start a link (the two-factor middleware sees to that, these URL names
are not exempt), and the callback only links to the very session that started it.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.models import Membership

from . import linking, oidc, protocols, saml
from .models import FederatedIdentity
from .views import _redirect_uri, keep_pending, unavailable

LINK_KEY = "link_user"


def _linkable(user):
    """(protocol key, provider) for every active provider of the user's organisations."""
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return [
        (protocol.key, provider)
        for protocol in protocols.PROTOCOLS.values()
        for provider in protocol.active()
        .filter(organisation_id__in=organisations)
        .select_related("organisation")
    ]


@login_required
@require_GET
def link_view(request):
    """The user's linked school accounts and the schools whose account they may link."""
    return render(
        request,
        "federatie/koppelen.html",
        {
            "identities": FederatedIdentity.objects.filter(user=request.user)
            .select_related("organisation")
            .order_by("organisation__name"),
            "linkable": [
                (provider, reverse("federatie:link_start", args=[key, provider.organisation_id]))
                for key, provider in _linkable(request.user)
            ],
        },
    )


@login_required
@require_GET
def link_start_view(request, protocol, organisation_id):
    """Off to the school's IdP to link; a link (GET) for the same reason as the login."""
    chosen = [
        provider
        for key, provider in _linkable(request.user)
        if key == protocol and provider.organisation_id == organisation_id
    ]
    if not chosen:
        raise Http404
    provider = chosen[0]
    try:
        if protocol == "saml":
            from .saml_views import sp_urls

            url, pending = saml.begin(provider, sp_urls(request))
        else:
            url, pending = oidc.begin(provider, _redirect_uri(request))
    except (oidc.ProviderUnavailable, saml.ProviderUnavailable) as error:
        linking.log(linking.Outcome.PROVIDER_ERROR, provider, reason=error.reason)
        return unavailable(request, provider.organisation)
    pending[LINK_KEY] = request.user.pk
    keep_pending(request, pending)
    return redirect(url)
