"""The activation flow: link → new password → authenticator app → backup codes.

These pages belong to the login flow (exempt from the second-factor redirect):
someone who logged in with a password only may still open their link. The
secret of an enrolment attempt is shown only to the session that spent the
link, found through the device id kept in that session.
"""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.activation import links as activation
from accounts.forms import EnrolForm, SetPasswordForm
from accounts.views import WRONG_NEW_CODE, _refuse_code, _render_enrol

ACTIVATION_SESSION_KEY = "accounts_activation"
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _invalid_link(request):
    # One answer for unknown, used and expired links: nothing about the account.
    return render(request, "account/activation_invalid.html", status=410)


@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def activate_view(request, token):
    """Step 1: choose a password. Opening the link (GET) spends nothing, so a mail
    scanner that follows links cannot use it up; the POST does."""
    link = activation.valid_link(token)
    if link is None:
        return _invalid_link(request)
    form = SetPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = activation.use_link(token, form.cleaned_data["new_password1"])
        if result is None:
            return _invalid_link(request)
        user, device = result
        # A fresh session: whoever was logged in here (perhaps this very user with
        # the old password) is logged out, and the attempt is bound to this session.
        if request.user.is_authenticated:
            logout(request)
        else:
            request.session.cycle_key()
        request.session[ACTIVATION_SESSION_KEY] = {"user": user.pk, "device": device.pk}
        return redirect("accounts:activate_app")
    return render(
        request,
        "account/activate.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def activate_app_view(request):
    """Step 2: scan the QR code of this attempt's own device and confirm a code."""
    state = request.session.get(ACTIVATION_SESSION_KEY) or {}
    device = (
        TOTPDevice.objects.select_related("user")
        .filter(pk=state.get("device"), user_id=state.get("user"), confirmed=False)
        .first()
    )
    if device is None:
        return _invalid_link(request)
    user = device.user
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify_code(user, form.cleaned_data["code"], totp_device=device)
        if result.ok:
            codes = two_factor.confirm_enrolment(user, device)
            request.session.pop(ACTIVATION_SESSION_KEY, None)
            login(request, user, backend=LOGIN_BACKEND)
            two_factor.mark_verified(request, device)
            return render(
                request,
                "account/backup_codes.html",
                {"codes": codes, "next": "/", "first_time": True},
            )
        _refuse_code(form, result, WRONG_NEW_CODE)
    return _render_enrol(request, form, device)


@login_required
@require_POST
def resend_view(request):
    """A password-only session of an account without an app asks for a new link.

    The link goes to the account's own address, at most once per period; the
    answer is the same whether or not a mail went out.
    """
    if not two_factor.has_two_factor(request.user):
        activation.send_link(request.user, throttle=True)
    messages.info(
        request,
        _(
            "Als je account een nieuwe activatielink kan krijgen, is die nu onderweg naar "
            "je e-mailadres. Kijk ook in je map met ongewenste e-mail."
        ),
    )
    return redirect("accounts:two_factor")
