"""The SWV's internal notes and action items on an aanvraag.

Never shown to the school or an externe: they appear only on the admin pages of
SWV staff who may see the aanvraag (``loket.staff.notities``). The logboek records that
a note or action item was added, never its text.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag


class Notitie(models.Model):
    """An internal note of a consulent (or the commissie) on an aanvraag."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="notities"
    )
    text = models.TextField(_("notitie"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("interne notitie")
        verbose_name_plural = _("interne notities")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Notitie {self.pk} ({self.aanvraag_id})"


class Actiepunt(models.Model):
    """Something the SWV still has to do for an aanvraag, with a due date."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="actiepunten"
    )
    text = models.CharField(_("actie"), max_length=300)
    due_date = models.DateField(_("uiterlijk op"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voor"),
        on_delete=models.CASCADE,
        related_name="loket_actiepunten",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["done_at", "due_date", "pk"]
        indexes = [models.Index(fields=["owner", "done_at", "due_date"])]

    def __str__(self):
        return f"Actiepunt {self.pk} ({self.aanvraag_id})"

    @property
    def is_open(self):
        return self.done_at is None
