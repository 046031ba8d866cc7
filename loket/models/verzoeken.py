"""The register of AVG requests (art. 15-21) and the append-only steps taken on each.

The register is the privacy officer's, not a dossier's: its steps are kept in
``VerzoekStap`` rather than in the dossier's logboek, because an erasure (art. 17)
removes the dossier's logboek with the dossier while the register must keep showing
that the request was received, decided and carried out. A step holds references
and field names only, never the pupil's name or the corrected values.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dossier import Leerling
from .logboek import AppendOnlyQuerySet, AppendOnlyRow


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

    verzoek = models.ForeignKey(
        AvgVerzoek, on_delete=models.PROTECT, related_name="stappen", verbose_name=_("verzoek")
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
