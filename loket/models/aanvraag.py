"""The aanvraag itself, its status history and the kenmerk counter.

What may happen to an aanvraag next is decided in ``loket.lifecycle.transitions``, never by
saving these models directly from a view.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.choices import choice_label
from loket.types import AanvraagType

from .dossier import Dossier


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
    # A TLV-verlenging names the TLV it extends (``loket.lifecycle.tlv.link_verlenging``
    # checks it is a granted TLV of the same pupil at the same school). SET_NULL: retention
    # may delete the old aanvraag first; the verlenging keeps its own besluit.
    verlengt = models.ForeignKey(
        "loket.Besluit",
        verbose_name=_("verlengt TLV"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verlengingen",
    )
    # A copy made by an overdracht names the aanvraag it copies (the first one, also
    # after several transfers), so the monitoring counts it once (``monitoring.figures``).
    # SET_NULL: when retention deletes the original, the copy is the one left and counts;
    # an anonymised original keeps its row, and the link.
    kopie_van = models.ForeignKey(
        "self",
        verbose_name=_("kopie van"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kopieen",
        editable=False,
    )

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

    # Django's own get_FOO_display builds a dict of every choice, translating each label,
    # on every call: on a list of 25 aanvragen that was 400 translations per page.
    def get_type_display(self):
        return choice_label(AanvraagType, self.type)

    def get_status_display(self):
        return choice_label(self.Status, self.status)

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


class AanvraagTelling(models.Model):
    """How many aanvragen each school has, kept by PostgreSQL itself.

    The SWV inbox shows its exact total ("Pagina 1 van 2.000"); counting 100,000
    aanvragen from the index on every request cost more than the page's fifty rows.
    Statement triggers on ``loket_aanvraag`` (migration 0038) add and subtract what
    every INSERT, DELETE, UPDATE of the school and TRUNCATE changes, in the same
    transaction, so the sum over a consulent's schools is the count, also after a
    ``bulk_create``, a queryset update or a raw statement. On other databases (the
    SQLite demo) there are no triggers and the inbox counts (``loket.staff.telling``).
    A plain school id rather than a foreign key: the row must not stand in the way of
    deleting an organisation without aanvragen.
    """

    school_id = models.BigIntegerField(_("school"), primary_key=True)
    aantal = models.BigIntegerField(_("aantal aanvragen"), default=0)

    class Meta:
        verbose_name = _("aantal aanvragen per school")
        verbose_name_plural = _("aantallen aanvragen per school")
        default_permissions = ()

    def __str__(self):
        return f"{self.school_id}: {self.aantal}"
