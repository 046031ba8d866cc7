"""The pupil and the dossier that holds everything about them at one school."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.names import name_key


class Leerling(models.Model):
    """A pupil, kept as small as possible: no BSN, no address."""

    naam = models.CharField(_("naam"), max_length=200)
    # Purpose: finding the same child however the name is typed (loket.names).
    naam_sleutel = models.CharField(
        _("naam (vergelijkbaar)"), max_length=200, editable=False, default=""
    )
    geboortedatum = models.DateField(_("geboortedatum"))
    # Purpose: matching a re-import to the same pupil (the school's own number).
    leerlingnummer = models.CharField(_("leerlingnummer"), max_length=100, blank=True)
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="leerlingen",
        limit_choices_to={"kind": "school"},
    )
    groep = models.CharField(_("groep"), max_length=50, blank=True)
    # Purpose: the school year (its first calendar year) that ``groep`` belongs to; the
    # earlier years are in ``Groepsplaatsing`` (loket.models.schooljaren).
    schooljaar = models.PositiveSmallIntegerField(
        _("schooljaar van de groep"), null=True, blank=True
    )
    # Purpose: a pupil who left is kept (their dossier stays) but not offered any more.
    vertrokken_op = models.DateField(_("vertrokken op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["naam"]
        indexes = [
            models.Index(fields=["school", "geboortedatum"]),
            models.Index(fields=["school", "naam_sleutel"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "leerlingnummer"],
                condition=~models.Q(leerlingnummer=""),
                name="one_pupil_per_leerlingnummer",
            )
        ]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        self.naam_sleutel = name_key(self.naam)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "naam" in update_fields:
            kwargs["update_fields"] = {*update_fields, "naam_sleutel"}
        super().save(*args, **kwargs)


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
    # Purpose: AVG art. 18. While set, the dossier is frozen (``loket.beperking``): no
    # new aanvraag, no downloads but by the privacy officer. Set and lifted only by the
    # register of AVG requests (``loket.privacy.verzoeken``).
    beperkt_sinds = models.DateTimeField(_("verwerking beperkt sinds"), null=True, blank=True)

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
    def is_restricted(self):
        return self.beperkt_sinds is not None

    @property
    def is_archived(self):
        return self.status == self.Status.GEARCHIVEERD
