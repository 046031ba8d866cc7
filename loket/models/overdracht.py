"""Overdracht: an archived dossier prepared for another school, waiting to be accepted.

The sending dossier stays as it is (archived); acceptance creates a new dossier at
the receiving school (``new_dossier``). Cascades with the sending dossier, so
retention of that dossier takes its transfers with it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dossier import Dossier

MAX_WRONG_TRIES = 5


class Overdracht(models.Model):
    class Status(models.TextChoices):
        KLAARGEZET = "klaargezet", _("Klaargezet")
        GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
        GEANNULEERD = "geannuleerd", _("Geannuleerd")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="overdrachten"
    )
    ontvanger = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("ontvangende school of organisatie"),
        on_delete=models.PROTECT,
        related_name="ontvangen_overdrachten",
    )
    consent_date = models.DateField(_("datum toestemming ouders"))
    consent_how = models.CharField(_("hoe is toestemming gegeven"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.KLAARGEZET
    )
    wrong_tries = models.PositiveSmallIntegerField(_("foute pogingen"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klaargezet door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("klaargezet op"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geaccepteerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    schooljaar = models.CharField(_("schooljaar"), max_length=9, blank=True)
    groep = models.CharField(_("groep"), max_length=50, blank=True)
    new_dossier = models.OneToOneField(
        Dossier,
        verbose_name=_("nieuw dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ontvangen_via",
    )

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(status="klaargezet"),
                name="one_waiting_transfer_per_dossier",
            )
        ]

    def __str__(self):
        return f"Overdracht {self.pk}"

    @property
    def is_waiting(self):
        return self.status == self.Status.KLAARGEZET
