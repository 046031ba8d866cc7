"""Samenvoeging: the record that one dossier was merged into another.

The logboek is append-only (PostgreSQL refuses UPDATE on ``loket_logentry``,
migration 0002), so a merge cannot move log lines to the remaining dossier. The
lines of the merged dossier keep their own ``dossier_id`` (the log has no database
constraint on it, on purpose) and this row says where that id went. The remaining
dossier's logboek is then its own lines plus those of every id recorded here
(``loket.logboek.dossier_history_ids``): both histories, every line exactly as it
was written, each dossier's chain unbroken.

The merged dossier row itself is deleted (a tombstone would have to be left out of
every dossier query, list and figure). Dossier ids are never reused (PostgreSQL
sequences, SQLite AUTOINCREMENT), so an id here can never come to mean another
dossier. Holds ids only, never a name.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dossier import Dossier


class Samenvoeging(models.Model):
    # Cascades: when retention removes the remaining dossier, it purges the logboek
    # lines of the merged ids as well (``loket.privacy.retention.removal``).
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("overgebleven dossier"),
        on_delete=models.CASCADE,
        related_name="samenvoegingen",
    )
    merged_dossier_id = models.PositiveBigIntegerField(_("samengevoegd dossier (id)"), unique=True)
    merged_leerling_id = models.PositiveBigIntegerField(_("samengevoegde leerling (id)"))
    # Purpose: the merged dossier was archived and its retention term ran from this
    # date; it now runs with the remaining dossier (``loket.leerlingen.merge``). Kept
    # so the extension is on record, never silent.
    merged_archived_at = models.DateTimeField(
        _("samengevoegd dossier gearchiveerd op"), null=True, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samengevoegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("samengevoegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("samenvoeging")
        verbose_name_plural = _("samenvoegingen")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"Dossier {self.merged_dossier_id} in dossier {self.dossier_id}"
