"""Login, logout, password reset and the two-factor flow at /account/."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .forms import CodeForm, EnrolForm, LoginForm, PasswordResetForm, SetPasswordForm
from .models import BackupCodeDevice

REPLACE_SESSION_KEY = "accounts_replace_device"
WRONG_CODE = _("Deze code klopt niet of is al gebruikt.")
WRONG_NEW_CODE = _("Deze code klopt niet. Controleer de tijd op je telefoon.")


def _safe_next(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "account/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = False

    def get(self, request, *args, **kwargs):
        # Wagtail sends a logged-in user without admin access here; say so plainly
        # instead of asking for a password they already gave.
        user = request.user
        if user.is_authenticated and user.is_verified():
            if _safe_next(request).startswith("/admin/") and not user.has_perm(
                "wagtailadmin.access_admin"
            ):
                return render(request, "403.html", status=403)
            return redirect(_safe_next(request))
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        # The password is only the first step: always on to the second factor.
        query = urlencode({"next": _safe_next(self.request)})
        return f"{reverse('accounts:two_factor')}?{query}"


@require_http_methods(["GET", "POST"])
def logout_view(request):
    """GET asks for confirmation and changes nothing; POST (CSRF-protected) logs out.

    Also answers at ``/admin/logout/`` instead of Wagtail's view, whose GET
    deleted the cookie while the session stayed valid. ``logout`` flushes the
    session: its row is deleted on the server. A school-account login then goes on
    to the page that offers the IdP's single logout (named by a ``user_logged_out``
    listener of that app).
    """
    if request.method == "POST":
        logout(request)
        # A listener of ``user_logged_out`` (federatie: the school's IdP) may keep a
        # little in the fresh session and name the page to go to (single logout).
        for key, value in getattr(request, "session_after_logout", {}).items():
            request.session[key] = value
        messages.success(request, _("Je bent uitgelogd."))
        return redirect(getattr(request, "after_logout_url", None) or "/")
    return render(request, "account/logout.html")


def _refuse_code(form, result, wrong_message):
    """Say why a code was refused: throttled after earlier failures, or simply wrong."""
    if result.throttled_seconds:
        form.add_error(
            "code",
            _("Te veel onjuiste codes. Wacht %(seconds)s seconden en probeer het opnieuw.")
            % {"seconds": result.throttled_seconds},
        )
    else:
        form.add_error("code", wrong_message)


def _render_enrol(request, form, device, **extra):
    """The page with the QR code and secret of ``device`` and the confirm form."""
    return render(
        request,
        "account/enrol.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_as_text(device),
            **extra,
        },
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request):
    """Verify the session with a code; an account without an app is sent to its link."""
    user = request.user
    next_url = _safe_next(request)
    if user.is_verified():
        return redirect(next_url)

    if not two_factor.has_two_factor(user):
        # A password alone never reaches a secret: enrolment starts only from the
        # e-mailed activation link (accounts.activation.views).
        return render(request, "account/activation_required.html")

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify_code(user, form.cleaned_data["code"])
        if result.ok:
            two_factor.mark_verified(request, result.device)
            if isinstance(result.device, BackupCodeDevice):
                remaining = result.device.remaining()
                messages.warning(
                    request,
                    _("Je hebt een back-upcode gebruikt. Je hebt er nog %(count)s over.")
                    % {"count": remaining},
                )
            return redirect(next_url)
        _refuse_code(form, result, WRONG_CODE)
    return render(
        request,
        "account/verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def manage_view(request):
    """Replace the authenticator app or make new backup codes, after re-entering a code."""
    user = request.user
    form = CodeForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST" and action in {"backup", "replace"} and form.is_valid():
        result = two_factor.verify_code(user, form.cleaned_data["code"])
        if result.ok:
            if action == "backup":
                codes = two_factor.regenerate_backup_codes(user)
                return render(request, "account/backup_codes.html", {"codes": codes, "next": "/"})
            new_device = TOTPDevice.objects.create(
                user=user, name="Authenticator-app", confirmed=False
            )
            request.session[REPLACE_SESSION_KEY] = new_device.pk
            return redirect("accounts:replace_device")
        _refuse_code(form, result, WRONG_CODE)
    backup = BackupCodeDevice.objects.filter(user=user).first()
    return render(
        request,
        "account/manage.html",
        {
            "form": form,
            "action": action,
            "backup_remaining": backup.remaining() if backup else 0,
            "device": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        },
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def replace_device_view(request):
    """Second half of a replacement: scan the new secret and confirm it with a code."""
    user = request.user
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(REPLACE_SESSION_KEY)
    ).first()
    if device is None:
        messages.error(request, _("Begin opnieuw met het vervangen van je app."))
        return redirect("accounts:manage")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify_code(user, form.cleaned_data["code"], totp_device=device)
        if result.ok:
            codes = two_factor.confirm_enrolment(user, device, replacing=True)
            request.session.pop(REPLACE_SESSION_KEY, None)
            two_factor.mark_verified(request, device)
            return render(request, "account/backup_codes.html", {"codes": codes, "next": "/"})
        _refuse_code(form, result, WRONG_NEW_CODE)
    return _render_enrol(request, form, device, replacing=True)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "account/password_reset_form.html"
    email_template_name = "account/email/password_reset.txt"
    subject_template_name = "account/email/password_reset_subject.txt"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets a new password; never logs in, so the second factor is still asked."""

    template_name = "account/password_reset_confirm.html"
    form_class = SetPasswordForm
    post_reset_login = False
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "account/password_reset_complete.html"
