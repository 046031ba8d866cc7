"""The school-account login at /account/schoolaccount/: choose the school, go, come back.

Thin on purpose: the protocol is in ``federatie.oidc`` (SAML: ``federatie.saml``
and its views in ``federatie.saml_views``), who may log in in ``federatie.linking``.
Every refusal is a Dutch page with a 4xx (503 when the provider is away) and a
line in the security log with no more than the account id.
"""

import time
from urllib.parse import urlencode

from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from . import link_finish, linking, oidc, protocols

PENDING_KEY = "federatie_pending"
PENDING_MAX = 5  # logins started in parallel tabs
PENDING_SECONDS = 600
LOGOUT_KEY = "federatie_logout"  # which IdP session to offer to end at logout
BACKEND = "django.contrib.auth.backends.ModelBackend"
Outcome = linking.Outcome


def safe_next(request, target):
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _redirect_uri(request):
    return request.build_absolute_uri(reverse("federatie:callback"))


def problem(request, title, message, status, organisation=None):
    return render(
        request,
        "federatie/problem.html",
        {"title": title, "message": message, "organisation": organisation},
        status=status,
    )


def unavailable(request, organisation=None):
    return problem(
        request,
        _("Inloggen met je schoolaccount is tijdelijk niet beschikbaar"),
        _(
            "We krijgen nu geen verbinding met het inlogsysteem van je school. Probeer het "
            "later opnieuw, of log in met je e-mailadres, wachtwoord en de code uit je app."
        ),
        503,
        organisation,
    )


@require_GET
def choose_view(request):
    """The schools that log in with their school account, each a link to its start."""
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(safe_next(request, request.GET.get("next")))
    return render(
        request,
        "federatie/choose.html",
        {
            "choices": protocols.login_choices(),
            "next": safe_next(request, request.GET.get("next")),
        },
    )


@require_GET
def start_view(request, organisation_id):
    """Off to the school's IdP, with a fresh state, nonce and PKCE verifier.

    A GET on purpose, reached by a link: a form's CSP ``form-action 'self'`` also
    governs the redirect that follows it, so a form could not lead to the IdP. It
    changes nothing but this browser's own pending login, so no CSRF token is needed;
    the callback only accepts the state stored here.
    """
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(safe_next(request, request.GET.get("next")))
    provider = get_object_or_404(linking.providers_for_login(), organisation_id=organisation_id)
    try:
        url, pending = oidc.begin(provider, _redirect_uri(request))
    except oidc.ProviderUnavailable as error:
        linking.log(Outcome.PROVIDER_ERROR, provider, reason=error.reason)
        return unavailable(request, provider.organisation)
    keep_pending(request, pending)
    return redirect(url)


def keep_pending(request, pending):
    """Remember a login this browser started (a few tabs at once), keyed by its state."""
    pending["next"] = safe_next(request, request.GET.get("next"))
    waiting = request.session.get(PENDING_KEY, {})
    waiting = dict(list(waiting.items())[-(PENDING_MAX - 1) :])
    waiting[pending["state"]] = pending
    request.session[PENDING_KEY] = waiting


def take_pending(request, state, protocol="oidc"):
    """The login this browser started with this ``state``, removed: usable once."""
    waiting = request.session.get(PENDING_KEY, {})
    pending = waiting.pop(state or "", None)
    request.session[PENDING_KEY] = waiting
    if not pending or pending.get("protocol", "oidc") != protocol:
        return None
    if time.time() - pending["started"] > PENDING_SECONDS:
        return None
    return pending


def expired(request):
    linking.log(Outcome.BAD_STATE, reason="state")
    return problem(
        request,
        _("Deze inlogpoging is verlopen"),
        _("Deze inlogpoging is verlopen of al gebruikt. Begin opnieuw bij Inloggen."),
        400,
    )


def not_valid(request, provider):
    return problem(
        request,
        _("Inloggen met je schoolaccount is niet gelukt"),
        _("Het antwoord van het inlogsysteem van je school klopt niet. Probeer het opnieuw."),
        400,
        provider.organisation,
    )


def enter(request, provider, claims, mfa, pending, logout_info):
    """Link the identity to its invited account and log in, or the Dutch refusal.

    ``mfa`` says whether the IdP's assertion counts as the second factor;
    ``logout_info`` is what single logout needs later (never shown, never logged).
    A ``pending`` login that a logged-in user started to link their school account
    (``federatie.link_views``) links instead, and logs no one in.
    """
    if pending.get("link_user") is not None:
        answer = link_finish.finish_link(request, provider, claims, pending["link_user"])
        return answer or expired(request)
    next_url = pending["next"]
    try:
        user = linking.account_for(provider, claims)
    except linking.Refused as refusal:
        linking.log(refusal.outcome, provider, user=refusal.user, reason=refusal.reason)
        return render(
            request,
            "federatie/unknown.html",
            {"organisation": provider.organisation},
            status=403,
        )
    login(request, user, backend=BACKEND)
    request.session[LOGOUT_KEY] = logout_info
    if mfa:
        otp_login(request, linking.mfa_device(user))
        linking.log(Outcome.LOGIN_MFA, provider, user=user)
        return redirect(next_url)
    linking.log(Outcome.LOGIN_TOTP, provider, user=user)
    return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': next_url})}")


@require_GET
def callback_view(request):
    """Where the IdP sends the browser back with ``code`` and ``state``."""
    pending = take_pending(request, request.GET.get("state"))
    provider = (
        linking.providers_for_login().filter(pk=pending["provider"]).first() if pending else None
    )
    if provider is None:
        return expired(request)
    if request.GET.get("error") or not request.GET.get("code"):
        linking.log(Outcome.PROVIDER_ERROR, provider, reason="idp_error")
        return problem(
            request,
            _("Inloggen met je schoolaccount is afgebroken"),
            _(
                "Het inlogsysteem van je school heeft het inloggen niet afgerond. "
                "Probeer het opnieuw."
            ),
            400,
            provider.organisation,
        )
    try:
        claims = oidc.finish(provider, pending, request.GET["code"], _redirect_uri(request))
    except oidc.ProviderUnavailable as error:
        linking.log(Outcome.PROVIDER_ERROR, provider, reason=error.reason)
        return unavailable(request, provider.organisation)
    except oidc.InvalidLogin as error:
        linking.log(Outcome.INVALID_TOKEN, provider, reason=error.reason)
        return not_valid(request, provider)
    return enter(
        request,
        provider,
        claims,
        linking.mfa_asserted(provider, claims),
        pending,
        {"protocol": "oidc", "provider": provider.pk},
    )
