"""Instemming (consent) of parents or a pupil of 16+ on an aanvraag, and the per-form
setting that a besluit must wait for it.

Each record says who answers (``rol``: ouder/verzorger or the pupil, decided by
``loket.instemming.wie``) and keeps the exact version that person was shown
(``versie``, with its SHA-256 in ``versie_sha256``; see ``loket.instemming.versie``).
Records from before those fields have ``rol`` "ouder" and no version.

Parents have no account: an ``Instemming`` made by e-mail holds a hash of the link's
token and, while one is outstanding, a hash of the six-digit code mailed to the same
address. The raw token and code exist only in the e-mails. Records cascade with
their aanvraag (retention and AVG export follow the aanvraag).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag
from .bijlagen import Bijlage


class LinkCodeFields(models.Model):
    """The code fields of every e-mailed link with a code (the instemming and the
    mede-ondertekening, ``loket.models.ondertekening``): the rules in
    ``loket.instemming.linkcode`` read and write them, so both models take them from
    here. The outstanding code's hash (never the code), when it expires, the wrong
    tries on it, and how often and when last a code was asked for."""

    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    code_requests = models.PositiveSmallIntegerField(default=0, editable=False)
    code_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def close_link(self, status):
        """End the link in ``status`` (withdrawn, expired): a closed link keeps no
        outstanding code. The model's own ``status`` field takes the value."""
        self.status = status
        self.code_hash = ""
        self.save(update_fields=["status", "code_hash"])


class InstemmingVereist(models.Model):
    """“Instemming vereist voor besluit” for one form page.

    Kept loket-side, keyed by the page, so the form engine stays generic: the
    engine knows nothing of besluiten or instemming.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("formulier"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    vereist = models.BooleanField(_("instemming vereist voor besluit"), default=True)

    class Meta:
        verbose_name = _("instemming vereist voor besluit")
        verbose_name_plural = _("instemming vereist voor besluit")

    def __str__(self):
        return str(self.page)


class Instemming(LinkCodeFields):
    """One person's instemming on one aanvraag or one ontwikkelplan (exactly one of
    the two), or one registration made by the school."""

    class Wijze(models.TextChoices):
        EMAIL = "email", _("Per e-mail met code")
        BUITEN = "buiten", _("Verkregen buiten het portaal")
        GEWEIGERD = "geweigerd", _("Geen instemming (geweigerd)")

    class Status(models.TextChoices):
        VERSTUURD = "verstuurd", _("Verstuurd")
        GEOPEND = "geopend", _("Geopend")
        GEGEVEN = "gegeven", _("Instemming gegeven")
        GEWEIGERD = "geweigerd", _("Geen instemming")
        VERLOPEN = "verlopen", _("Link verlopen")
        INGETROKKEN = "ingetrokken", _("Link ingetrokken")

    class Rol(models.TextChoices):
        OUDER = "ouder", _("Ouder/verzorger")
        LEERLING = "leerling", _("Leerling (16 jaar of ouder)")

    # States in which the e-mailed link still works.
    OPEN_STATUSES = (Status.VERSTUURD, Status.GEOPEND)

    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instemmingen",
    )
    plan = models.ForeignKey(
        "loket.Ontwikkelplan",
        verbose_name=_("ontwikkelplan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instemmingen",
    )
    wijze = models.CharField(_("hoe"), max_length=20, choices=Wijze.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    email = models.EmailField(_("e-mailadres"), blank=True)
    onderwerp = models.CharField(_("onderwerp van de e-mail"), max_length=200, blank=True)
    ends_on = models.DateField(_("link geldig tot en met"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    toon_samenvatting = models.BooleanField(_("samenvatting tonen"), default=True)
    bijlagen = models.ManyToManyField(
        Bijlage, verbose_name=_("bijlagen die de ouder ziet"), blank=True, related_name="+"
    )
    datum = models.DateField(_("datum"), null=True, blank=True)
    rol = models.CharField(_("wie stemt in"), max_length=20, choices=Rol.choices, default=Rol.OUDER)
    reden_namens = models.TextField(
        _("waarom een ouder/verzorger instemt voor een leerling van 16 jaar of ouder"),
        blank=True,
    )
    # The frozen version shown to the person (loket.instemming.versie) and its SHA-256;
    # both empty on records from before versions were kept.
    versie = models.JSONField(_("vastgelegde versie"), default=dict, blank=True, editable=False)
    versie_sha256 = models.CharField(
        _("vingerafdruk van de versie (SHA-256)"), max_length=64, blank=True, editable=False
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    zienswijze = models.TextField(_("zienswijze"), blank=True)
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("instemming")
        verbose_name_plural = _("instemmingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(aanvraag__isnull=False, plan__isnull=True)
                | models.Q(aanvraag__isnull=True, plan__isnull=False),
                name="instemming_on_aanvraag_or_plan",
            )
        ]

    def __str__(self):
        return f"Instemming {self.pk} ({self.get_status_display()})"

    @property
    def subject(self):
        """What is consented to: the aanvraag or the ontwikkelplan."""
        return self.aanvraag if self.aanvraag_id else self.plan

    @property
    def link_is_open(self):
        return self.wijze == self.Wijze.EMAIL and self.status in self.OPEN_STATUSES
