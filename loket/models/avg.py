"""An AVG inzage export (art. 15): everything the portal holds about one pupil, as a ZIP.

The ZIP is built by the task worker (``loket.privacy.avg.export``) in private storage and
offered to the person who asked for it, once and for a limited time: the first
complete download deletes the file, and ``manage.py avg_exports_opruimen`` (run by
the scheduler) deletes what was not fetched in time. The row stays as the record
that an export was made (who asked, when, for which pupil while it exists).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.files.storage import private_storage

from .dossier import Leerling


def avg_export_upload_to(instance, filename):
    """No personal data in storage names: the export's number only."""
    return f"avg-exports/{timezone.now():%Y/%m}/export-{instance.pk}.zip"


class AvgExport(models.Model):
    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", _("Wordt gemaakt")
        KLAAR = "klaar", _("Klaar om te downloaden")
        BEZIG = "bezig", _("Wordt gedownload")
        GEDOWNLOAD = "gedownload", _("Gedownload")
        VERLOPEN = "verlopen", _("Verlopen")
        MISLUKT = "mislukt", _("Mislukt")

    leerling = models.ForeignKey(
        Leerling,
        verbose_name=_("leerling"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WACHTRIJ
    )
    file = models.FileField(
        _("bestand"),
        storage=private_storage,
        upload_to=avg_export_upload_to,
        max_length=255,
        blank=True,
    )
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    file_count = models.PositiveIntegerField(_("aantal bijlagen"), default=0)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    ready_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("beschikbaar tot"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("gedownload op"), null=True, blank=True)

    class Meta:
        verbose_name = _("AVG-inzage-export")
        verbose_name_plural = _("AVG-inzage-exports")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()

    def __str__(self):
        return f"Export {self.pk}"

    @property
    def downloadable(self):
        return (
            self.status == self.Status.KLAAR
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
