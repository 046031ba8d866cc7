"""The mailbox domain: leerling, dossier, aanvraag and everything that happens to it.

A submitted form becomes an ``Aanvraag`` in a pupil's ``Dossier`` (see
``loket.intake``). What may happen to an aanvraag next is decided by the
functions in ``loket.services``, never by saving a model directly from a view.
Who may see a dossier is decided once, in ``permissions.policy``.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from cms.storage import private_storage
from loket.types import AanvraagType


class Leerling(models.Model):
    """A pupil, kept as small as possible: no BSN, no address."""

    naam = models.CharField(_("naam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"))
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="leerlingen",
        limit_choices_to={"kind": "school"},
    )
    groep = models.CharField(_("groep"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["naam"]
        indexes = [models.Index(fields=["school", "geboortedatum"])]

    def __str__(self):
        return self.naam


class Dossier(models.Model):
    """Everything about one pupil at one school: the aanvragen and the logboek."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GEARCHIVEERD = "gearchiveerd", _("Gearchiveerd")

    leerling = models.ForeignKey(
        Leerling, verbose_name=_("leerling"), on_delete=models.PROTECT, related_name="dossiers"
    )
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        limit_choices_to={"kind": "school"},
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["leerling", "school"], name="one_dossier_per_school")
        ]

    def __str__(self):
        return f"Dossier {self.pk}"

    @property
    def is_archived(self):
        return self.status == self.Status.GEARCHIVEERD


class Aanvraag(models.Model):
    """One submitted request, with its answers frozen as submitted."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("Ingediend")
        IN_BEHANDELING = "in_behandeling", _("In behandeling")
        AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("Aanvulling gevraagd")
        AANGEVULD = "aangevuld", _("Aangevuld")
        BESLOTEN = "besloten", _("Besloten")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    OPEN_STATUSES = [
        Status.INGEDIEND,
        Status.IN_BEHANDELING,
        Status.AANVULLING_GEVRAAGD,
        Status.AANGEVULD,
    ]

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aanvragen",
        help_text=_("Leeg bij aanvragen zonder leerling, zoals een schoolarrangement."),
    )
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="aanvragen",
        limit_choices_to={"kind": "school"},
    )
    type = models.CharField(_("soort"), max_length=30, choices=AanvraagType.choices)
    form_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("formulier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    form_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("formulierversie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submission_key = models.UUIDField(
        _("inzending"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Sleutel van de formulierinzending waaruit deze aanvraag is ontstaan."),
    )
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    labels = models.JSONField(
        _("vragen zoals gesteld"),
        default=list,
        blank=True,
        help_text=_("Stappen en vragen van de formulierversie waarmee is ingediend."),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.INGEDIEND
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consulent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aanvragen_als_consulent",
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    completed_at = models.DateTimeField(
        _("compleet sinds"),
        null=True,
        blank=True,
        help_text=_("Ingediend of aangevuld; leeg zolang er een aanvulling gevraagd is."),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["status", "completed_at"]),
            # Mijn loket: newest first within one school.
            models.Index(fields=["school", "-submitted_at", "-id"], name="aanvraag_school_recent"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("loket:aanvraag", args=[self.reference])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def answer_sections(self):
        """The answers laid out by the labels snapshot of the form revision used:
        ``[(step title, [(label, value, field)])]`` where ``field`` is the snapshot's
        field entry (``name``, ``label``, ``type``, for calculations ``is_amount``)."""
        sections = []
        seen = set()
        for step in self.labels or []:
            rows = []
            for field in step.get("fields", []):
                name = field.get("name")
                if name not in self.answers:
                    continue
                seen.add(name)
                rows.append((field.get("label") or name, self.answers[name], field))
            if rows:
                sections.append((step.get("title", ""), rows))
        rest = [(name, value, {}) for name, value in self.answers.items() if name not in seen]
        if rest:
            sections.append((_("Overige antwoorden"), rest))
        return sections


def bijlage_upload_to(instance, filename):
    """Storage names carry no personal data: the original name is kept in the row only."""
    return f"loket/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Aanvulling(models.Model):
    """The school's answer to a request for more information (text + files)."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="aanvullingen"
    )
    text = models.TextField(_("toelichting"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanvulling")
        verbose_name_plural = _("aanvullingen")
        ordering = ["created_at"]

    def __str__(self):
        return f"Aanvulling {self.pk}"


class Terugkoppeling(models.Model):
    """A written reply from the SWV to the school (the loket has no chat)."""

    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="terugkoppelingen",
    )
    text = models.TextField(_("terugkoppeling"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")
        ordering = ["created_at"]

    def __str__(self):
        return f"Terugkoppeling {self.pk}"


class Bijlage(models.Model):
    """A private file of an aanvraag; served only by ``loket.views.download``."""

    AANVULLING = "aanvulling"
    TERUGKOPPELING = "terugkoppeling"

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="bijlagen"
    )
    aanvulling = models.ForeignKey(
        Aanvulling, null=True, blank=True, on_delete=models.CASCADE, related_name="bijlagen"
    )
    terugkoppeling = models.ForeignKey(
        Terugkoppeling, null=True, blank=True, on_delete=models.CASCADE, related_name="bijlagen"
    )
    field_name = models.CharField(
        _("formulierveld"),
        max_length=100,
        help_text=_("Het veld van het formulier, of “aanvulling” / “terugkoppeling”."),
    )
    file = models.FileField(
        _("bestand"), storage=private_storage, upload_to=bijlage_upload_to, max_length=255
    )
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("loket:bijlage", args=[self.aanvraag.reference, self.pk])


class Besluit(models.Model):
    """The committee's decision on an aanvraag."""

    class Uitkomst(models.TextChoices):
        TOEGEKEND = "toegekend", _("Toegekend")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    class TlvCategorie(models.IntegerChoices):
        LAAG = 1, _("Categorie 1 (laag)")
        MIDDEN = 2, _("Categorie 2 (midden)")
        HOOG = 3, _("Categorie 3 (hoog)")

    aanvraag = models.OneToOneField(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="besluit"
    )
    uitkomst = models.CharField(_("besluit"), max_length=20, choices=Uitkomst.choices)
    motivering = models.TextField(_("motivering"))
    tlv_categorie = models.PositiveSmallIntegerField(
        _("TLV-categorie"), choices=TlvCategorie.choices, null=True, blank=True
    )
    start_date = models.DateField(_("ingangsdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    amount = models.DecimalField(
        _("toegekend totaalbedrag (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self):
        return f"{self.get_uitkomst_display()} ({self.aanvraag_id})"

    @property
    def is_granted(self):
        return self.uitkomst == self.Uitkomst.TOEGEKEND


class StatusChange(models.Model):
    """The status history of an aanvraag: who moved it, when, and why."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("van"), max_length=30, choices=Aanvraag.Status.choices, blank=True
    )
    to_status = models.CharField(_("naar"), max_length=30, choices=Aanvraag.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("rol"), max_length=30, blank=True)
    reason = models.TextField(_("toelichting"), blank=True)
    at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status}"


class ReferenceCounter(models.Model):
    """Last number handed out per year, for kenmerken like ``SWV-2026-000123``."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("kenmerkteller")

    def __str__(self):
        return f"{self.year}: {self.last}"


# --- TOP-arrangement budget ---------------------------------------------------


class TopBudget(models.Model):
    """The SWV's budget for TOP-arrangementen in one calendar year."""

    year = models.PositiveIntegerField(_("jaar"), unique=True)
    amount = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("TOP-budget")
        verbose_name_plural = _("TOP-budgetten")
        ordering = ["-year"]

    def __str__(self):
        return f"TOP-budget {self.year}"

    def clean(self):
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("Een budget kan niet negatief zijn.")})


class TopLedgerEntry(models.Model):
    """The SWV share of one granted TOP-arrangement, booked against a year's budget."""

    budget = models.ForeignKey(
        TopBudget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="entries"
    )
    aanvraag = models.OneToOneField(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.PROTECT, related_name="top_boeking"
    )
    school = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("SWV-deel (€)"), max_digits=10, decimal_places=2)
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("TOP-boeking")
        verbose_name_plural = _("TOP-boekingen")
        ordering = ["-booked_at"]

    def __str__(self):
        return f"€ {self.amount} ({self.budget.year})"


@register_setting(icon="mail")
class LoketSettings(BaseGenericSetting):
    """Rules of the loket a beheerder can change without a release."""

    overdue_weeks = models.PositiveSmallIntegerField(
        _("termijn besluit (weken)"),
        default=6,
        help_text=_("Een complete aanvraag zonder besluit na zoveel weken telt als te laat."),
    )
    max_top_per_school_per_year = models.PositiveSmallIntegerField(
        _("maximum TOP-arrangementen per school per jaar"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen maximum. Bij een besluit boven dit aantal volgt een waarschuwing."),
    )
    top_max_amount = models.DecimalField(
        _("maximaal totaalbedrag TOP-arrangement (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Gelijk aan de kosten van een plaatsing SO/SBO. Leeg: geen maximum."),
    )

    class Meta:
        verbose_name = _("loketinstellingen")


# --- Logboek --------------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het logboek kan niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Het logboek kan niet worden gewist.")


class LogEntry(models.Model):
    """One line of the logboek. Append-only: no update or delete path, and on
    PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE outright.

    Holds references only: never answers, file names or pupil names. The foreign
    keys have no database constraint, so a line outlives what it refers to.
    """

    class Action(models.TextChoices):
        INGEDIEND = "ingediend", _("Aanvraag ingediend")
        BEKEKEN = "bekeken", _("Aanvraag bekeken")
        DOSSIER_BEKEKEN = "dossier_bekeken", _("Dossier bekeken")
        DOWNLOAD = "download", _("Bijlage gedownload")
        STATUS = "status", _("Status gewijzigd")
        TOEGEWEZEN = "toegewezen", _("Consulent toegewezen")
        AANVULLING = "aanvulling", _("Aanvulling toegevoegd")
        TERUGKOPPELING = "terugkoppeling", _("Terugkoppeling gegeven")
        BESLUIT = "besluit", _("Besluit vastgelegd")
        BESLUITDOCUMENT = "besluitdocument", _("Besluitdocument bekeken")
        GEARCHIVEERD = "gearchiveerd", _("Dossier gearchiveerd")
        HEROPEND = "heropend", _("Dossier heropend")
        INZAGE_VERLEEND = "inzage_verleend", _("Inzage gegeven")
        INZAGE_BEEINDIGD = "inzage_beeindigd", _("Einddatum inzage vervroegd")
        INZAGE_INGETROKKEN = "inzage_ingetrokken", _("Inzage ingetrokken")
        INZAGE_VERLOPEN = "inzage_verlopen", _("Inzage verlopen")

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor = models.CharField(_("wie (zoals toen)"), max_length=254, blank=True)
    role = models.CharField(_("rol"), max_length=30, blank=True)
    action = models.CharField(_("wat"), max_length=30, choices=Action.choices)
    dossier = models.ForeignKey(
        Dossier,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="logboek",
    )
    aanvraag = models.ForeignKey(
        Aanvraag,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="logboek",
    )
    reference = models.CharField(_("kenmerk"), max_length=20, blank=True)
    detail = models.CharField(_("details"), max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.get_action_display()} {self.reference}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Het logboek kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het logboek kan niet worden gewist.")
