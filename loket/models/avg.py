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
from .logboek import AppendOnlyQuerySet, AppendOnlyRow


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


# --- The register of AVG requests -----------------------------------------------------
#
# The register of AVG requests (art. 15-21) and the append-only steps taken on each.
#
# The register is the privacy officer's, not a dossier's: its steps are kept in
# ``VerzoekStap`` rather than in the dossier's logboek, because an erasure (art. 17)
# removes the dossier's logboek with the dossier while the register must keep showing
# that the request was received, decided and carried out. A step holds references
# and field names only, never the pupil's name or the corrected values.


class AvgVerzoek(models.Model):
    class Soort(models.TextChoices):
        INZAGE = "inzage", _("Inzage (art. 15)")
        RECTIFICATIE = "rectificatie", _("Rectificatie (art. 16)")
        WISSING = "wissing", _("Wissing (art. 17)")
        BEPERKING = "beperking", _("Beperking van de verwerking (art. 18)")
        BEZWAAR = "bezwaar", _("Bezwaar tegen verwerking (art. 21)")

    class Status(models.TextChoices):
        OPEN = "open", _("In behandeling")
        AFGEROND = "afgerond", _("Afgerond")

    class Besluit(models.TextChoices):
        TOEGEWEZEN = "toegewezen", _("Toegewezen")
        GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijk toegewezen")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    soort = models.CharField(_("soort verzoek"), max_length=20, choices=Soort.choices)
    # SET_NULL: after an erasure the request stays in the register without its subject.
    leerling = models.ForeignKey(
        Leerling,
        verbose_name=_("betrokkene (leerling)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="avg_verzoeken",
    )
    ontvangen_op = models.DateField(_("ontvangen op"))
    termijn = models.DateField(_("uiterste datum"))
    verlengd = models.BooleanField(_("verlengd"), default=False)
    verlenging_reden = models.TextField(_("reden van de verlenging"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    besluit = models.CharField(_("besluit"), max_length=20, choices=Besluit.choices, blank=True)
    besluit_reden = models.TextField(_("motivering van het besluit"), blank=True)
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("AVG-verzoek")
        verbose_name_plural = _("AVG-verzoeken")
        ordering = ["termijn", "pk"]
        default_permissions = ()
        indexes = [models.Index(fields=["status", "termijn"])]

    def __str__(self):
        return f"Verzoek {self.pk}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class VerzoekStap(AppendOnlyRow, models.Model):
    """One step in the register's own logboek. Append-only, like ``LogEntry``."""

    class Stap(models.TextChoices):
        GEREGISTREERD = "geregistreerd", _("Verzoek geregistreerd")
        VERLENGD = "verlengd", _("Termijn verlengd")
        BESLOTEN = "besloten", _("Besluit genomen")
        GECORRIGEERD = "gecorrigeerd", _("Leerlinggegevens gecorrigeerd")
        BEPERKT = "beperkt", _("Verwerking beperkt")
        BEPERKING_OPGEHEVEN = "beperking_opgeheven", _("Beperking opgeheven")
        GEWIST = "gewist", _("Dossier gewist")
        INZAGE_EXPORT = "inzage_export", _("Inzage-export aangevraagd")
        BEKEKEN = "bekeken", _("Verzoek bekeken")
        # The AVG-inzage page (``loket.privacy.avg.views``), with or without a request:
        # that a search happened and how many it found (never the name searched for),
        # and which pupil's export was made or fetched (the pupil's id).
        GEZOCHT = "gezocht", _("Leerling gezocht (AVG-inzage)")
        INZAGE_GEDOWNLOAD = "inzage_gedownload", _("Inzage-export gedownload")

    # Empty for what the privacy officer did outside a request (a search on the
    # AVG-inzage page): it belongs in this log all the same, which only the
    # privacyfunctionaris reads and which outlives an erased dossier.
    verzoek = models.ForeignKey(
        AvgVerzoek,
        on_delete=models.PROTECT,
        related_name="stappen",
        verbose_name=_("verzoek"),
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor = models.CharField(_("wie (zoals toen)"), max_length=254, blank=True)
    stap = models.CharField(_("stap"), max_length=30, choices=Stap.choices)
    detail = models.CharField(_("details"), max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("stap van een AVG-verzoek")
        verbose_name_plural = _("stappen van AVG-verzoeken")
        ordering = ["at", "pk"]
        default_permissions = ()

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.get_stap_display()}"
