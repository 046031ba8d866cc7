"""What the beheerder configures per organisation, and what a federated login leaves behind.

The IdP only says *who* someone is. Whether they may log in, and with which roles,
stays in the portal: an identity links to an account the beheerder invited, never
to a new one (``federatie.linking``).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{2,99}$")


class OidcProvider(models.Model):
    """One organisation's OpenID Connect provider (Entra ID, Google Workspace, ...).

    The client secret is not stored: only the name of the environment variable that
    holds it. The secret then lives where the other secrets of the server live (and
    is rotated there), and never lands in a database dump or an export.
    """

    class MatchClaim(models.TextChoices):
        EMAIL = "email", _("e-mail (email)")
        PREFERRED_USERNAME = "preferred_username", _("gebruikersnaam (preferred_username)")
        UPN = "upn", _("UPN van Entra ID (upn)")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="oidc_provider",
    )
    is_active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Uit: de knop verdwijnt en niemand van deze organisatie logt zo in."),
    )
    issuer = models.URLField(
        _("issuer"),
        help_text=_(
            "Het adres van de provider zonder /.well-known/openid-configuration, "
            "bijv. https://login.microsoftonline.com/<tenant>/v2.0."
        ),
    )
    client_id = models.CharField(_("client-id"), max_length=200)
    client_secret_env = models.CharField(
        _("omgevingsvariabele met het client-secret"),
        max_length=100,
        help_text=_("De naam van de variabele op de server, bijv. OIDC_SECRET_REGENBOOG."),
    )
    match_claim = models.CharField(
        _("claim die de gebruiker aanwijst"),
        max_length=40,
        choices=MatchClaim.choices,
        default=MatchClaim.EMAIL,
        help_text=_(
            "Bij de eerste aanmelding wordt de waarde van deze claim vergeleken met het "
            "e-mailadres van een bestaand account van deze organisatie. Daarna herkent het "
            "portaal de gebruiker aan issuer en subject."
        ),
    )
    link_only = models.BooleanField(
        _("alleen zelf gekoppelde accounts"),
        default=False,
        help_text=_(
            "Aan: het portaal zoekt bij de eerste aanmelding geen account bij het attribuut. "
            "Alleen wie ingelogd (wachtwoord en code) zelf het schoolaccount koppelde, komt "
            "zo binnen. Nodig als de IdP een versleutelde uid of een eckId doorgeeft (zoals "
            "Entree Federatie), want die is niet met een e-mailadres te vergelijken."
        ),
    )
    trust_idp_mfa = models.BooleanField(
        _("meerstapsverificatie van de provider telt"),
        default=False,
        help_text=_(
            "Aan: meldt de provider meerstapsverificatie (amr/acr), dan vraagt het portaal "
            "geen eigen code meer. Anders altijd de code uit de authenticator-app."
        ),
    )
    mfa_amr_values = models.CharField(
        _("amr-waarden die meerstaps betekenen"),
        max_length=200,
        default="mfa",
        blank=True,
        help_text=_("Gescheiden door spaties, bijv. 'mfa otp hwk'."),
    )
    mfa_acr_values = models.CharField(
        _("acr-waarden die meerstaps betekenen"),
        max_length=300,
        blank=True,
        help_text=_("Gescheiden door spaties; leeg: acr telt niet."),
    )

    class Meta:
        verbose_name = _("OpenID Connect-provider")
        verbose_name_plural = _("OpenID Connect-providers")
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        super().clean()
        if not ENV_NAME.match(self.client_secret_env or ""):
            raise ValidationError(
                {
                    "client_secret_env": _(
                        "Gebruik hoofdletters, cijfers en _ (bijv. OIDC_SECRET_REGENBOOG); "
                        "vul hier nooit het secret zelf in."
                    )
                }
            )
        self.issuer = (self.issuer or "").rstrip("/")

    def amr_values(self):
        return set(self.mfa_amr_values.split())

    def acr_values(self):
        return set(self.mfa_acr_values.split())


class FederatedIdentity(models.Model):
    """The link of an IdP identity (issuer + subject) to a portal account.

    Made at the first login that matched an invited account; deleting it (beheerder)
    unlinks, and the next login matches afresh.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="federated_identities",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("laatst ingelogd"), null=True, blank=True)

    class Meta:
        verbose_name = _("gekoppeld schoolaccount")
        verbose_name_plural = _("gekoppelde schoolaccounts")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_federated_subject")
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class FederatedDevice(Device):
    """Stands for "the IdP asserted multi-factor authentication" in django-otp.

    A session verified through it counts as two factors, like one verified with the
    authenticator app. It accepts no token: nobody can type a code for it.
    """

    class Meta:
        verbose_name = _("meerstapsverificatie via schoolaccount")

    def verify_token(self, token):
        return False


class LoginEvent(models.Model):
    """The security log of federated logins: outcome, organisation, account id if any.

    Never the e-mail address, name, subject or any other claim of a refused identity.
    """

    class Outcome(models.TextChoices):
        LOGIN_MFA = "login_mfa", _("Ingelogd (meerstaps via provider)")
        LOGIN_TOTP = "login_totp", _("Ingelogd, code uit de app gevraagd")
        UNKNOWN = "unknown", _("Geweigerd: geen uitgenodigd account")
        INACTIVE = "inactive", _("Geweigerd: account niet actief")
        OTHER_ORGANISATION = "other_org", _("Geweigerd: account van een andere organisatie")
        INVALID_TOKEN = "invalid_token", _("Geweigerd: ID-token ongeldig")
        INVALID_ASSERTION = "invalid_saml", _("Geweigerd: SAML-antwoord ongeldig")
        BAD_STATE = "bad_state", _("Geweigerd: verlopen of hergebruikte inlogpoging")
        PROVIDER_ERROR = "provider_error", _("Provider gaf een fout of antwoordde niet")
        LINKED = "linked", _("Schoolaccount gekoppeld door de gebruiker zelf")
        LINK_REFUSED = "link_refused", _("Koppelen geweigerd")

    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A fixed reason code (e.g. "aud", "exp", "signature"), never a claim value.
    reason = models.CharField(_("reden"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("aanmelding met schoolaccount")
        verbose_name_plural = _("aanmeldingen met schoolaccount")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.created_at:%d-%m-%Y %H:%M})"


# The SAML side lives in its own module; Django finds its models through this one.
from .saml_models import SamlProvider, SeenAssertion  # noqa: E402, F401
