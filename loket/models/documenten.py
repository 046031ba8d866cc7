"""Formal documents of an aanvraag (besluit, ontvangstbevestiging) as archived PDFs.

Rendered once (``loket.lifecycle.documenten``) and kept in the private storage: the
document the school downloaded is the document the SWV keeps, byte for byte.
A re-download returns the stored file; nothing is ever rendered a second time.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.files.storage import private_storage

from .aanvraag import Aanvraag


def document_upload_to(instance, filename):
    """Storage names carry no personal data (no kenmerk, no pupil)."""
    return f"loket/documenten/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class FormeelDocument(models.Model):
    """One archived PDF of an aanvraag; served only by ``loket.school.views.formeel_document``."""

    class Kind(models.TextChoices):
        BESLUIT = "besluit", _("Besluit")
        ONTVANGSTBEVESTIGING = "ontvangstbevestiging", _("Ontvangstbevestiging")
        HOORZITTING = "hoorzitting", _("Verslag hoorzitting bezwaar")
        BESLISSING_OP_BEZWAAR = "beslissing_op_bezwaar", _("Beslissing op bezwaar")
        HERZIENING = "herziening", _("Herzien besluit")

    # One per aanvraag; the documents of a bezwaar or herziening may be many per aanvraag.
    ONE_PER_AANVRAAG = (Kind.BESLUIT, Kind.ONTVANGSTBEVESTIGING)

    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="documenten",
    )
    kind = models.CharField(_("soort document"), max_length=30, choices=Kind.choices)
    file = models.FileField(
        _("bestand"), storage=private_storage, upload_to=document_upload_to, max_length=255
    )
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    bezwaar = models.ForeignKey(
        "loket.Bezwaar", null=True, blank=True, on_delete=models.CASCADE, related_name="documenten"
    )
    herziening = models.OneToOneField(
        "loket.Herziening",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="document",
    )
    # Marking only: the stored bytes of a superseded document never change.
    vervangen_door = models.ForeignKey(
        "loket.Herziening",
        verbose_name=_("vervangen door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vervangen_documenten",
    )

    class Meta:
        verbose_name = _("formeel document")
        verbose_name_plural = _("formele documenten")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanvraag", "kind"],
                condition=models.Q(kind__in=["besluit", "ontvangstbevestiging"]),
                name="one_document_per_kind",
            ),
            models.UniqueConstraint(
                fields=["bezwaar", "kind"],
                condition=models.Q(bezwaar__isnull=False),
                name="one_document_per_bezwaar_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.aanvraag_id})"

    def get_absolute_url(self):
        from django.urls import reverse

        if self.kind in self.ONE_PER_AANVRAAG:
            return reverse("loket:document", args=[self.aanvraag.reference, self.kind])
        return reverse("loket:document_nr", args=[self.aanvraag.reference, self.pk])

    @property
    def download_name(self):
        if self.kind in self.ONE_PER_AANVRAAG:
            return f"{self.kind}-{self.aanvraag.reference}.pdf"
        return f"{self.kind}-{self.aanvraag.reference}-{self.pk}.pdf"
