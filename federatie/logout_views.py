"""Single logout: after the portal's logout, offer to log out at the school's IdP too.

The portal session is already gone when these pages show (``federatie.signals``);
what is left in the fresh session is which IdP session the login came from. SAML:
a signed LogoutRequest to the IdP's single logout service from its metadata, and
its LogoutResponse back at ``saml/sls/``. OpenID Connect: the provider's
``end_session_endpoint`` when its discovery document has one, with ``client_id``
(no ID token in the URL: it would carry the user's claims).
"""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import oidc, protocols, saml
from .saml_views import sp_urls
from .signals import OFFER_KEY

SLO_REQUEST_KEY = "federatie_slo_request"


def _offered(request):
    info = request.session.get(OFFER_KEY)
    if not isinstance(info, dict):
        return None, None
    return info, protocols.provider_for(info.get("protocol"), info.get("provider"))


def _idp_logout_url(request, info, provider):
    """Where the browser goes to log out at the IdP; ``None`` if it offers nothing."""
    if info["protocol"] == "saml":
        if not info.get("name_id"):
            return None
        try:
            found = saml.logout_url(
                provider, sp_urls(request), info["name_id"], info.get("session_index")
            )
        except saml.ProviderUnavailable:
            return None
        if found is None:
            return None
        url, request_id = found
        request.session[SLO_REQUEST_KEY] = {"provider": provider.pk, "request_id": request_id}
        return url
    try:
        endpoint = oidc.metadata(provider).get("end_session_endpoint")
    except oidc.ProviderUnavailable:
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    back = request.build_absolute_uri(reverse("federatie:logged_out_done"))
    query = urlencode({"client_id": provider.client_id, "post_logout_redirect_uri": back})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _offers_logout(info, provider):
    if info["protocol"] == "saml":
        return bool(info.get("name_id")) and saml.offers_logout(provider)
    try:
        return isinstance(oidc.metadata(provider).get("end_session_endpoint"), str)
    except oidc.ProviderUnavailable:
        return False


@require_GET
def logged_out_view(request):
    """After the portal's logout: a link to log out at the IdP too, where it offers that."""
    info, provider = _offered(request)
    if provider is None:
        return redirect("/")
    return render(
        request,
        "federatie/logged_out.html",
        {"organisation": provider.organisation, "offered": _offers_logout(info, provider)},
    )


@require_GET
def idp_logout_view(request):
    """Off to the IdP's single logout; a link (CSP form-action), used once."""
    info, provider = _offered(request)
    request.session.pop(OFFER_KEY, None)
    if provider is None:
        return redirect("/")
    url = _idp_logout_url(request, info, provider)
    if url is None:
        return render(
            request,
            "federatie/logged_out_done.html",
            {"organisation": provider.organisation, "done": False},
        )
    return redirect(url)


@require_GET
def logged_out_done_view(request):
    """Where the OpenID provider sends the browser back after its logout."""
    return render(request, "federatie/logged_out_done.html", {"done": True})


@require_GET
def sls_view(request):
    """The IdP's LogoutResponse to our LogoutRequest (HTTP-Redirect binding).

    A LogoutRequest the IdP starts itself is not handled: the portal session has its
    own time-out, and logging out here is the way to end it.
    """
    waiting = request.session.pop(SLO_REQUEST_KEY, None)
    provider = saml.active_provider(waiting["provider"]) if isinstance(waiting, dict) else None
    answer = request.GET.get("SAMLResponse", "")
    if provider is None or not answer or len(answer) > 100_000:
        return render(request, "federatie/logged_out_done.html", {"done": False}, status=400)
    done = saml.logout_done(provider, sp_urls(request), request.GET, waiting["request_id"])
    return render(
        request,
        "federatie/logged_out_done.html",
        {"organisation": provider.organisation, "done": done},
    )
