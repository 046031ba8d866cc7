"""The ontwikkelplan (OPP) of a dossier: the school's plan, on which parents consent.

Seed ``kennisbank-artikelen-top-dossier.txt`` (“TOP dossier - instemming”): “Als school
is het erg belangrijk de verkregen instemming op het OPP te kunnen aantonen … bij het
afronden van 8. Ontwikkelplan”. One plan per dossier, edited by the school while the
dossier is open. It is *aanpak* and *evaluatiedatum*, so a transfer leaves it out, and
it goes with its dossier (retention, AVG export).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dossier import Dossier


class Ontwikkelplan(models.Model):
    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="plan"
    )
    doelen = models.TextField(_("doelen en aanpak"))
    evaluatiedatum = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laatst gewijzigd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ontwikkelplan")
        verbose_name_plural = _("ontwikkelplannen")

    def __str__(self):
        return f"Ontwikkelplan {self.pk}"

    # What instemming needs of its subject (an aanvraag or a plan): the school, the
    # dossier and the files a parent may be shown (a plan has none of its own).
    @property
    def school_id(self):
        return self.dossier.school_id

    @property
    def school(self):
        return self.dossier.school

    @property
    def bijlagen(self):
        from .bijlagen import Bijlage

        return Bijlage.objects.none()
