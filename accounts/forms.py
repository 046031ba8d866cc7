from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.users import forms as wagtail_user_forms

from accounts.activation import links as activation

from .two_factor import has_two_factor


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form with Dutch labels and messages, e-mail as login name."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Deze combinatie van e-mailadres en wachtwoord kennen we niet."),
        "inactive": _("Dit account is niet actief. Neem contact op met de helpdesk."),
    }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De zes cijfers uit je authenticator-app, of een van je back-upcodes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        error_messages={"required": _("Vul een code in.")},
    )


class EnrolForm(forms.Form):
    code = forms.RegexField(
        label=_("Code uit de app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        help_text=_("Vul de zes cijfers in die de app nu toont."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={
            "required": _("Vul de code uit de app in."),
            "invalid": _("Een code bestaat uit zes cijfers."),
        },
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset, for accounts with an app only.

    A reset password still needs the existing second factor. An account without a
    confirmed app gets an activation link instead (throttled), since a password
    alone must never lead to enrolment. The page answers the same either way.
    """

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        return [user for user in super().get_users(email) if has_two_factor(user)]

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"]
        for user in get_user_model()._default_manager.filter(email__iexact=email, is_active=True):
            if not has_two_factor(user):
                activation.send_link(user, throttle=True)
        return super().save(*args, **kwargs)


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass


# Wagtail's user forms let whoever may change users tick "Administrator" and any
# group. Here groups follow memberships only (``accounts.roles``) and superusers
# are made on the command line (``manage.py createsuperuser``): otherwise a
# beheerder could make an account they control commissie-like or all-seeing
# without a role change in the Beveiligingslog.
ADMIN_ONLY_FIELDS = ("groups", "is_superuser")


class UserEditForm(wagtail_user_forms.UserEditForm):
    """Wagtail's user form; the e-mail address is the login name; no groups or superuser."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ADMIN_ONLY_FIELDS:
            self.fields.pop(name, None)


class UserCreationForm(wagtail_user_forms.UserCreationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ADMIN_ONLY_FIELDS:
            self.fields.pop(name, None)
