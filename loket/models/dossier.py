"""The pupil and the dossier that holds everything about them at one school."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Leerling(models.Model):
    """A pupil, kept as small as possible: no BSN, no address."""

    naam = models.CharField(_("naam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"))
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="leerlingen",
        limit_choices_to={"kind": "school"},
    )
    groep = models.CharField(_("groep"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["naam"]
        indexes = [models.Index(fields=["school", "geboortedatum"])]

    def __str__(self):
        return self.naam


class Dossier(models.Model):
    """Everything about one pupil at one school: the aanvragen and the logboek."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GEARCHIVEERD = "gearchiveerd", _("Gearchiveerd")

    leerling = models.ForeignKey(
        Leerling, verbose_name=_("leerling"), on_delete=models.PROTECT, related_name="dossiers"
    )
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        limit_choices_to={"kind": "school"},
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["leerling", "school"], name="one_dossier_per_school")
        ]

    def __str__(self):
        return f"Dossier {self.pk}"

    @property
    def is_archived(self):
        return self.status == self.Status.GEARCHIVEERD
