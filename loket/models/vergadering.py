"""Meetings of the commissie and the aanvragen planned on them (the agenda)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag


class Vergadering(models.Model):
    """A meeting of the commissie on a date; its agenda is its ``agendapunten``."""

    date = models.DateField(_("datum"), db_index=True)
    title = models.CharField(_("omschrijving"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        ordering = ["date", "pk"]

    def __str__(self):
        from django.utils import formats

        label = formats.date_format(self.date, "j F Y")
        return f"{label} – {self.title}" if self.title else label


class Agendapunt(models.Model):
    """One aanvraag on the agenda of one vergadering.

    An aanvraag keeps every item it ever had, so its history shows where it was
    postponed (``UITGESTELD`` with ``moved_to`` the next item). At most one item per
    aanvraag is ``GEAGENDEERD`` at a time; the database enforces it, so two staff
    postponing at once cannot leave two current items.
    """

    class Status(models.TextChoices):
        GEAGENDEERD = "geagendeerd", _("Geagendeerd")
        BEHANDELD = "behandeld", _("Behandeld")
        UITGESTELD = "uitgesteld", _("Uitgesteld")

    vergadering = models.ForeignKey(
        Vergadering,
        verbose_name=_("vergadering"),
        on_delete=models.CASCADE,
        related_name="agendapunten",
    )
    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="agendapunten"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.GEAGENDEERD
    )
    moved_to = models.OneToOneField(
        "self",
        verbose_name=_("uitgesteld naar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moved_from",
    )
    # The commissie's minutes: shown to the commissie only, never in a mail or the logboek.
    notulen = models.TextField(_("notulen"), blank=True)
    notulen_at = models.DateTimeField(_("notulen bijgewerkt op"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepland door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_at = models.DateTimeField(_("gepland op"), auto_now_add=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["planned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanvraag"],
                condition=models.Q(status="geagendeerd"),
                name="agendapunt_een_actueel_per_aanvraag",
            ),
            models.UniqueConstraint(
                fields=["aanvraag", "vergadering"], name="agendapunt_eenmaal_per_vergadering"
            ),
        ]

    def __str__(self):
        return f"{self.vergadering_id}: {self.aanvraag_id}"
