"""Users, organisations and the roles people have in them.

A user logs in with an e-mail address. What a user may do follows from their
memberships: a role in an organisation (a school, the SWV, an external
organisation). Roles map onto Wagtail groups in ``accounts.roles``.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from accounts.organisations import SchoolType, check_organisation


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(_("Een e-mailadres is verplicht."))
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """An account; the e-mail address is the login name."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    first_name = models.CharField(_("voornaam"), max_length=150, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("Django-beheer"),
        default=False,
        help_text=_("Alleen voor technisch beheer; de Wagtail-beheeromgeving gebruikt rollen."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    def roles(self):
        """The set of role codes this user holds in any organisation."""
        return {m.role for m in self.memberships.all()}

    def has_role(self, *roles):
        return bool(self.roles() & set(roles))

    def schools(self):
        """Schools this user acts for as schoolgebruiker."""
        return Organisation.objects.filter(
            kind=Organisation.Kind.SCHOOL,
            memberships__user=self,
            memberships__role=Role.SCHOOLGEBRUIKER,
        ).distinct()


class Organisation(ClusterableModel):
    """The SWV itself, a school board (bestuur), a school or an external organisation."""

    class Kind(models.TextChoices):
        SWV = "swv", _("Samenwerkingsverband")
        BESTUUR = "bestuur", _("Schoolbestuur")
        SCHOOL = "school", _("School")
        EXTERN = "extern", _("Externe organisatie")

    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    school_type = models.CharField(
        _("schooltype"),
        max_length=10,
        choices=SchoolType.choices,
        blank=True,
        help_text=_("Alleen voor scholen; bepaalt welke formulieren de school kan indienen."),
    )
    name = models.CharField(_("naam"), max_length=200)
    brin = models.CharField(
        _("BRIN-code"),
        max_length=6,
        blank=True,
        help_text=_("Vier tekens, eventueel met twee cijfers voor de vestiging (bijv. 12AB00)."),
    )
    licence_name = models.CharField(
        _("licentienaam"),
        max_length=200,
        blank=True,
        help_text=_(
            "Voor scholen en externe organisaties: de naam waaronder een school een dossier "
            "aan hen overdraagt (naast de BRIN-code)."
        ),
    )
    bestuur = models.ForeignKey(
        "self",
        verbose_name=_("bestuur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schools",
        limit_choices_to={"kind": "bestuur"},
    )
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brin"],
                condition=~models.Q(brin=""),
                name="unique_brin_when_set",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """What each kind carries (BRIN, bestuur, schooltype …): ``accounts.organisations``."""
        super().clean()
        check_organisation(self)


class Role(models.TextChoices):
    SCHOOLGEBRUIKER = "schoolgebruiker", _("Schoolgebruiker")
    CONSULENT = "consulent", _("Consulent")
    COMMISSIE = "commissie", _("Commissie")
    REDACTEUR = "redacteur", _("Redacteur")
    EINDREDACTEUR = "eindredacteur", _("Eindredacteur")
    FORMULIERBEHEERDER = "formulierbeheerder", _("Formulierbeheerder")
    BEHEERDER = "beheerder", _("Beheerder")
    PRIVACY = "privacy", _("Privacyfunctionaris")
    EXTERNE = "externe", _("Externe")


# Which kind of organisation each role belongs to.
ROLE_ORGANISATION_KIND = {
    Role.SCHOOLGEBRUIKER: Organisation.Kind.SCHOOL,
    Role.CONSULENT: Organisation.Kind.SWV,
    Role.COMMISSIE: Organisation.Kind.SWV,
    Role.REDACTEUR: Organisation.Kind.SWV,
    Role.EINDREDACTEUR: Organisation.Kind.SWV,
    Role.FORMULIERBEHEERDER: Organisation.Kind.SWV,
    Role.BEHEERDER: Organisation.Kind.SWV,
    Role.PRIVACY: Organisation.Kind.SWV,
    Role.EXTERNE: Organisation.Kind.EXTERN,
}

# Roles whose holder reads pupil data (dossiers, aanvragen, bijlagen, logboek):
# the school's own, the consulent's schools, everything for the commissie, granted
# dossiers for an externe, and every pupil's full record for the privacyfunctionaris
# (only as an AVG inzage export, art. 15). A beheerder never gives one of these to themselves
# (``accounts.admin_forms``).
PUPIL_DATA_ROLES = frozenset(
    {Role.SCHOOLGEBRUIKER, Role.CONSULENT, Role.COMMISSIE, Role.EXTERNE, Role.PRIVACY}
)


class Membership(models.Model):
    """A user holds a role in an organisation."""

    organisation = ParentalKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self):
        return _("%(user)s – %(role)s bij %(organisation)s") % {
            "user": self.user,
            "role": self.get_role_display(),
            "organisation": self.organisation,
        }

    def clean(self):
        super().clean()
        expected = ROLE_ORGANISATION_KIND.get(self.role)
        if expected and self.organisation_id and self.organisation.kind != expected:
            raise ValidationError(
                {
                    "role": _("De rol %(role)s hoort bij een organisatie van de soort “%(kind)s”.")
                    % {
                        "role": self.get_role_display().lower(),
                        "kind": Organisation.Kind(expected).label.lower(),
                    }
                }
            )


class ConsulentAssignment(models.Model):
    """A consulent of the SWV is assigned to a school and handles its aanvragen."""

    school = ParentalKey(
        Organisation,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="consulent_assignments",
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consulent"),
        on_delete=models.CASCADE,
        related_name="consulent_assignments",
        limit_choices_to={"memberships__role": Role.CONSULENT},
    )

    class Meta:
        verbose_name = _("consulent van de school")
        verbose_name_plural = _("consulenten van de school")
        constraints = [
            models.UniqueConstraint(fields=["school", "consulent"], name="unique_consulent_school")
        ]

    def __str__(self):
        return f"{self.consulent} → {self.school}"


# --- Two-factor: backup codes, stored hashed ------------------------------------


def _hash_backup_code(salt, code):
    normalised = code.replace(" ", "").replace("-", "").lower()
    return hashlib.sha256(f"{salt}:{normalised}".encode()).hexdigest()


class BackupCodeDevice(ThrottlingMixin, Device):
    """Single-use backup codes, stored as salted SHA-256 hashes.

    django-otp's own static device keeps its tokens in plain text; OWASP ASVS
    6.5.2 asks for lookup secrets to be hashed with a unique salt. Each code
    carries 50 bits of randomness, so a fast hash with a per-code salt is enough.
    """

    class Meta:
        verbose_name = _("back-upcodes")
        verbose_name_plural = _("back-upcodes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def generate_codes(self, count=None):
        """Replace every code by ``count`` new ones; return them in plain text, once."""
        count = count or settings.BACKUP_CODE_COUNT
        alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
        codes = []
        self.codes.all().delete()
        for _i in range(count):
            raw = "".join(secrets.choice(alphabet) for _i in range(10))
            salt = secrets.token_hex(16)
            BackupCode.objects.create(
                device=self, salt=salt, code_hash=_hash_backup_code(salt, raw)
            )
            codes.append(f"{raw[:5]}-{raw[5:]}")
        return codes

    def verify_token(self, token):
        verify_allowed, _data = self.verify_is_allowed()
        if not verify_allowed:
            return False
        token = str(token or "")
        match = None
        for code in self.codes.all():
            if hmac.compare_digest(code.code_hash, _hash_backup_code(code.salt, token)):
                match = code
        if match is None:
            self.throttle_increment()
            return False
        # Delete with a filter so two requests using one code cannot both succeed.
        deleted, _rows = BackupCode.objects.filter(pk=match.pk).delete()
        if not deleted:
            return False
        self.throttle_reset()
        return True

    def remaining(self):
        return self.codes.count()


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)

    def __str__(self):
        return str(_("back-upcode"))


class SecurityEvent(models.Model):
    """Append-only record of security-relevant account events (2FA, activation, roles).

    Holds who acted on whose account and when; never codes or secrets.
    """

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("Tweestapsverificatie ingesteld")
        DEVICE_REPLACED = "device_replaced", _("Authenticator-app vervangen")
        BACKUP_REGENERATED = "backup_regenerated", _("Nieuwe back-upcodes gemaakt")
        RESET_BY_ADMIN = "reset_by_admin", _("Tweestapsverificatie gereset door beheerder")
        ACTIVATION_SENT = "activation_sent", _("Activatielink verstuurd")
        ACTIVATED = "activated", _("Account geactiveerd")
        ROLE_ADDED = "role_added", _("Rol toegekend")
        ROLE_CHANGED = "role_changed", _("Rol gewijzigd")
        ROLE_REMOVED = "role_removed", _("Rol ingetrokken")
        # An eindredacteur took a live page offline without a second pair of eyes
        # (cms.review.takedown): ``user`` is who did it, ``detail`` the page and reason.
        PAGE_TAKEN_DOWN = "page_taken_down", _("Pagina offline gehaald")

    kind = models.CharField(_("gebeurtenis"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="security_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgevoerd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Which role at which organisation, for role changes; never pupil data.
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingsgebeurtenissen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%d-%m-%Y %H:%M})"


from accounts.activation.models import ActivationLink  # noqa: E402,F401  (registers the model)
