"""The ontwikkelplan (OPP) of a dossier: the school's plan, on which parents consent.

Seed ``kennisbank-artikelen-top-dossier.txt`` (“TOP dossier - instemming”): “Als school
is het erg belangrijk de verkregen instemming op het OPP te kunnen aantonen … bij het
afronden van 8. Ontwikkelplan”. One current plan per dossier, edited by the school
while the dossier is open. When two dossiers of one child are merged and both had a
plan (``loket.leerlingen.merge``), both stay on the remaining dossier: the newer stays
current, the other is marked ``samengevoegd_op`` — an earlier version, read-only, with
the instemmingen the parents gave on its own text. It is *aanpak* and
*evaluatiedatum*, so a transfer leaves it out, and it goes with its dossier
(retention, AVG export).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dossier import Dossier


class Ontwikkelplan(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="plannen"
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

    # Set on the older plan of two merged dossiers: kept, no longer current.
    samengevoegd_op = models.DateTimeField(_("eerdere versie (samengevoegd) sinds"), null=True)

    class Meta:
        verbose_name = _("ontwikkelplan")
        verbose_name_plural = _("ontwikkelplannen")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(samengevoegd_op__isnull=True),
                name="one_current_plan_per_dossier",
            )
        ]

    def __str__(self):
        return f"Ontwikkelplan {self.pk}"

    @classmethod
    def current_of(cls, dossier):
        """The dossier's current plan as a queryset (no row or one); not an earlier version."""
        return cls.objects.filter(dossier=dossier, samengevoegd_op__isnull=True)

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
