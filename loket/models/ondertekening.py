"""Mede-ondertekening (issue 26): parties such as the orthopedagoog and the bestuur who
must sign an aanvraag before the commissie decides.

``Medeondertekenaar`` is the formulierbeheerder's setting per form page: a role label
and the form field that holds the party's e-mail address. Like ``InstemmingVereist``
it is kept loket-side, keyed by the page, so the form engine stays generic.

``Medeondertekening`` is one request to one party on one aanvraag: a link (token
stored as a hash) with an end date, a code mailed on request (hash, limited tries:
``loket.instemming.linkcode``), the version frozen when asked (``versie`` and its
SHA-256, ``loket.instemming.versie``) and the answer. No IP address is stored.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag
from .instemming import LinkCodeFields


class Medeondertekenaar(models.Model):
    """One party who must co-sign every aanvraag made with one form page."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("formulier"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rol = models.CharField(
        _("rol"), max_length=100, help_text=_("Bijvoorbeeld ‘orthopedagoog’ of ‘bestuur’.")
    )
    email_veld = models.CharField(
        _("veld met het e-mailadres"),
        max_length=100,
        help_text=_(
            "De technische naam van het e-mailveld in het formulier waarin de school het "
            "adres van deze partij invult."
        ),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("mede-ondertekenaar")
        verbose_name_plural = _("mede-ondertekenaars")
        ordering = ["page_id", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "rol"], name="medeondertekenaar_rol_per_page")
        ]

    def __str__(self):
        return f"{self.rol} ({self.page})"

    def clean(self):
        """The named field must be an e-mail field of the form as it is now."""
        from forms import definition as d

        super().clean()
        self.rol = (self.rol or "").strip()
        self.email_veld = (self.email_veld or "").strip()
        if not self.page_id:
            return
        page = self.page.specific
        if not hasattr(page, "definition"):
            raise ValidationError({"page": _("Kies een formulierpagina.")})
        fields = page.definition().field_map()
        target = fields.get(self.email_veld)
        if target is None:
            emails = sorted(name for name, f in fields.items() if f.type == d.EMAIL)
            raise ValidationError(
                {
                    "email_veld": _(
                        "Het formulier ‘%(form)s’ heeft geen veld ‘%(field)s’. "
                        "E-mailvelden in dit formulier: %(known)s."
                    )
                    % {
                        "form": page.title,
                        "field": self.email_veld,
                        "known": ", ".join(emails) or _("geen"),
                    }
                }
            )
        if target.type != d.EMAIL:
            raise ValidationError(
                {
                    "email_veld": _("Het veld ‘%(field)s’ is geen e-mailveld.")
                    % {"field": target.name}
                }
            )


class Medeondertekening(LinkCodeFields):
    """One party's signature (or refusal) on one aanvraag, through one link."""

    class Status(models.TextChoices):
        GEVRAAGD = "gevraagd", _("Gevraagd")
        GEOPEND = "geopend", _("Gevraagd (link geopend)")
        GETEKEND = "getekend", _("Ondertekend")
        GEWEIGERD = "geweigerd", _("Niet ondertekend")
        VERLOPEN = "verlopen", _("Link verlopen")
        INGETROKKEN = "ingetrokken", _("Link ingetrokken")

    OPEN_STATUSES = (Status.GEVRAAGD, Status.GEOPEND)

    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="medeondertekeningen",
    )
    partij = models.ForeignKey(
        Medeondertekenaar,
        verbose_name=_("partij"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verzoeken",
    )
    rol = models.CharField(_("rol"), max_length=100)
    email = models.EmailField(_("e-mailadres"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    ends_on = models.DateField(_("link geldig tot en met"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    versie = models.JSONField(_("vastgelegde versie"), default=dict, editable=False)
    versie_sha256 = models.CharField(
        _("vingerafdruk van de versie (SHA-256)"), max_length=64, editable=False
    )
    reden = models.TextField(_("reden"), blank=True)
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)

    class Meta:
        verbose_name = _("mede-ondertekening")
        verbose_name_plural = _("mede-ondertekeningen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Mede-ondertekening {self.pk} ({self.rol}: {self.get_status_display()})"

    @property
    def link_is_open(self):
        return self.status in self.OPEN_STATUSES
