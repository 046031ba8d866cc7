"""The school-account login at /account/schoolaccount/: choose the school, go, come back.

Thin on purpose: the protocol is in ``federatie.oidc``, who may log in in
``federatie.linking``. Every refusal is a Dutch page with a 4xx (503 when the
provider is away) and a line in the security log with no more than the account id.
"""

import time
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from . import linking, oidc

PENDING_KEY = "federatie_pending"
PENDING_MAX = 5  # logins started in parallel tabs
PENDING_SECONDS = 600
BACKEND = "django.contrib.auth.backends.ModelBackend"
Outcome = linking.Outcome


class ChooseForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Je school of organisatie"),
        coerce=int,
        error_messages={
            "required": _("Kies je school of organisatie."),
            "invalid_choice": _("Deze school kan (nog) niet inloggen met een schoolaccount."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Kies…"))] + [
            (p.organisation_id, p.organisation.name) for p in providers
        ]


def _safe(request, target):
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _redirect_uri(request):
    return request.build_absolute_uri(reverse("federatie:callback"))


def _problem(request, title, message, status, organisation=None):
    return render(
        request,
        "federatie/problem.html",
        {"title": title, "message": message, "organisation": organisation},
        status=status,
    )


def _unavailable(request, organisation=None):
    return _problem(
        request,
        _("Inloggen met je schoolaccount is tijdelijk niet beschikbaar"),
        _(
            "We krijgen nu geen verbinding met het inlogsysteem van je school. Probeer het "
            "later opnieuw, of log in met je e-mailadres, wachtwoord en de code uit je app."
        ),
        503,
        organisation,
    )


@require_http_methods(["GET", "POST"])
def choose_view(request):
    """GET: the list of schools with a school account; POST (CSRF): off to their IdP."""
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_safe(request, request.GET.get("next")))
    providers = list(linking.providers_for_login())
    initial = {"next": request.GET.get("next", ""), "organisation": request.GET.get("school")}
    form = ChooseForm(request.POST or None, providers=providers, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "federatie/choose.html", {"form": form}, status=400)
        provider = next(
            p for p in providers if p.organisation_id == form.cleaned_data["organisation"]
        )
        try:
            url, pending = oidc.begin(provider, _redirect_uri(request))
        except oidc.ProviderUnavailable as error:
            linking.log(Outcome.PROVIDER_ERROR, provider, reason=error.reason)
            return _unavailable(request, provider.organisation)
        pending["next"] = _safe(request, form.cleaned_data["next"])
        waiting = request.session.get(PENDING_KEY, {})
        waiting = dict(list(waiting.items())[-(PENDING_MAX - 1) :])
        waiting[pending["state"]] = pending
        request.session[PENDING_KEY] = waiting
        return redirect(url)
    return render(request, "federatie/choose.html", {"form": form})


def _take_pending(request):
    """The login this browser started with this ``state``, removed: usable once."""
    waiting = request.session.get(PENDING_KEY, {})
    pending = waiting.pop(request.GET.get("state", ""), None)
    request.session[PENDING_KEY] = waiting
    if pending and time.time() - pending["started"] > PENDING_SECONDS:
        return None
    return pending


@require_GET
def callback_view(request):
    """Where the IdP sends the browser back with ``code`` and ``state``."""
    pending = _take_pending(request)
    provider = (
        linking.providers_for_login().filter(pk=pending["provider"]).first() if pending else None
    )
    if provider is None:
        linking.log(Outcome.BAD_STATE, reason="state")
        return _problem(
            request,
            _("Deze inlogpoging is verlopen"),
            _("Deze inlogpoging is verlopen of al gebruikt. Begin opnieuw bij Inloggen."),
            400,
        )
    if request.GET.get("error") or not request.GET.get("code"):
        linking.log(Outcome.PROVIDER_ERROR, provider, reason="idp_error")
        return _problem(
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
        return _unavailable(request, provider.organisation)
    except oidc.InvalidLogin as error:
        linking.log(Outcome.INVALID_TOKEN, provider, reason=error.reason)
        return _problem(
            request,
            _("Inloggen met je schoolaccount is niet gelukt"),
            _("Het antwoord van het inlogsysteem van je school klopt niet. Probeer het opnieuw."),
            400,
            provider.organisation,
        )
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
    if linking.mfa_asserted(provider, claims):
        otp_login(request, linking.mfa_device(user))
        linking.log(Outcome.LOGIN_MFA, provider, user=user)
        return redirect(pending["next"])
    linking.log(Outcome.LOGIN_TOTP, provider, user=user)
    return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': pending['next']})}")
