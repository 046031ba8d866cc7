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
    """One aanvraag on the agenda of one vergadering (at most one at a time)."""

    vergadering = models.ForeignKey(
        Vergadering,
        verbose_name=_("vergadering"),
        on_delete=models.CASCADE,
        related_name="agendapunten",
    )
    aanvraag = models.OneToOneField(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="agendapunt"
    )
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

    def __str__(self):
        return f"{self.vergadering_id}: {self.aanvraag_id}"
