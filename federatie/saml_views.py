"""The SAML 2.0 login at /account/schoolaccount/saml/: metadata, start, the return.

The IdP returns the browser with a cross-site POST (HTTP-POST binding). The session
cookie is ``SameSite=Lax`` and does not come along with it, so the first POST gets
a page that posts the same two fields again from the portal itself
(``federatie/resubmit.js``, or a button without JavaScript); that second POST
carries the session, and with it the one request this browser started. Nothing
of the response is stored on the server in between.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import linking, protocols, saml
from .views import (
    Outcome,
    enter,
    expired,
    keep_pending,
    not_valid,
    problem,
    safe_next,
    take_pending,
    unavailable,
)

MAX_RESPONSE = 200_000  # characters of base64; an assertion is a few kB


def sp_urls(request):
    """The portal's SP addresses, from this request's host (behind the proxy: https)."""
    absolute = request.build_absolute_uri
    return {
        "entity_id": absolute(reverse("federatie:saml_metadata")),
        "acs": absolute(reverse("federatie:saml_acs")),
        "sls": absolute(reverse("federatie:saml_sls")),
    }


@require_GET
def metadata_view(request):
    """The SP metadata for Entree Federatie or a school's IdP to register. Public."""
    try:
        xml = saml.metadata_xml(sp_urls(request))
    except saml.ProviderUnavailable:
        return problem(
            request,
            _("SAML is op dit portaal niet ingesteld"),
            _("Het portaal heeft nog geen sleutel voor SAML. Vraag de beheerder."),
            404,
        )
    return HttpResponse(xml, content_type="application/samlmetadata+xml")


@require_GET
def start_view(request, organisation_id):
    """Off to the school's IdP with a signed AuthnRequest; a link, like the OIDC start."""
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(safe_next(request, request.GET.get("next")))
    provider = get_object_or_404(
        protocols.PROTOCOLS["saml"].active().select_related("organisation"),
        organisation_id=organisation_id,
    )
    try:
        url, pending = saml.begin(provider, sp_urls(request))
    except saml.ProviderUnavailable as error:
        linking.log(Outcome.PROVIDER_ERROR, provider, reason=error.reason)
        return unavailable(request, provider.organisation)
    keep_pending(request, pending)
    return redirect(url)


def _fields(request):
    response = request.POST.get("SAMLResponse", "")
    relay = request.POST.get("RelayState", "")
    if not response or len(response) > MAX_RESPONSE or len(relay) > 200:
        return None
    return response, relay


@csrf_exempt  # the IdP posts here; what counts is the request this browser started
@require_POST
def acs_view(request):
    fields = _fields(request)
    if fields is None:
        return problem(
            request,
            _("Dit is geen antwoord van een inlogsysteem"),
            _("Begin opnieuw bij Inloggen."),
            400,
        )
    saml_response, relay = fields
    if request.POST.get("verder") != "1":
        return render(
            request,
            "federatie/saml_resubmit.html",
            {"saml_response": saml_response, "relay": relay},
        )
    pending = take_pending(request, relay, protocol="saml")
    provider = saml.active_provider(pending["provider"]) if pending else None
    if provider is None:
        return expired(request)
    try:
        result = saml.finish(provider, sp_urls(request), pending, saml_response)
    except saml.ProviderUnavailable as error:
        linking.log(Outcome.PROVIDER_ERROR, provider, reason=error.reason)
        return unavailable(request, provider.organisation)
    except saml.InvalidLogin as error:
        linking.log(Outcome.INVALID_ASSERTION, provider, reason=error.reason)
        return not_valid(request, provider)
    logout_info = {
        "protocol": "saml",
        "provider": provider.pk,
        "name_id": result.name_id,
        "session_index": result.session_index,
    }
    return enter(
        request,
        provider,
        result.claims,
        saml.mfa_asserted(provider, result),
        pending,
        logout_info,
    )
