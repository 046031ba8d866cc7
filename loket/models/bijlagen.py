"""Private files of an aanvraag: form uploads, aanvullingen and terugkoppelingen."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.files.storage import private_storage

from .aanvraag import Aanvraag
from .berichten import Aanvulling, Terugkoppeling


def bijlage_upload_to(instance, filename):
    """Storage names carry no personal data: the original name is kept in the row only."""
    return f"loket/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Bijlage(models.Model):
    """A private file of an aanvraag; served only by ``loket.school.views.download``."""

    AANVULLING = "aanvulling"
    TERUGKOPPELING = "terugkoppeling"
    BEZWAAR = "bezwaar"

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="bijlagen"
    )
    aanvulling = models.ForeignKey(
        Aanvulling, null=True, blank=True, on_delete=models.CASCADE, related_name="bijlagen"
    )
    terugkoppeling = models.ForeignKey(
        Terugkoppeling, null=True, blank=True, on_delete=models.CASCADE, related_name="bijlagen"
    )
    bezwaar = models.ForeignKey(
        "loket.Bezwaar", null=True, blank=True, on_delete=models.CASCADE, related_name="bijlagen"
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
