"""A pupil's groep per school year, and the periods a pupil stayed at home.

``Leerling.groep`` is what the forms and lists show: the groep in the school year
``Leerling.schooljaar``. ``Groepsplaatsing`` keeps one row per pupil per school
year, so a schooljaarovergang (``loket.leerlingen.schooljaren``) does not overwrite
last year's groep and an aanvraag of last year still reads "groep 5 in 2025-2026".

``Thuiszitter`` is a period in which a pupil went to no school (the memo's
monitoring of "thuiszittende leerlingen"). Only from, until and a reason from a
short list are kept: no free text about the child (data minimisation); the
monitoring counts them with the same small-number suppression as the rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def school_year_label(year):
    """``2026`` → ``"2026-2027"``: a school year runs from 1 August to 31 July."""
    return f"{year}-{year + 1}"


class Groepsplaatsing(models.Model):
    leerling = models.ForeignKey(
        "loket.Leerling",
        verbose_name=_("leerling"),
        on_delete=models.CASCADE,
        related_name="groepsplaatsingen",
    )
    # Purpose: which groep the pupil was in, in which school year (schooljaarovergang).
    schooljaar = models.PositiveSmallIntegerField(_("schooljaar (beginjaar)"))
    groep = models.CharField(_("groep"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("groepsplaatsing")
        verbose_name_plural = _("groepsplaatsingen")
        ordering = ["-schooljaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["leerling", "schooljaar"], name="one_groep_per_school_year"
            )
        ]

    def __str__(self):
        return f"{self.groep} ({school_year_label(self.schooljaar)})"


class Thuiszitter(models.Model):
    class Reden(models.TextChoices):
        GEEN_PASSEND_AANBOD = "geen_aanbod", _("Geen passend onderwijsaanbod gevonden")
        WACHT_OP_PLEK = "wachtlijst", _("Wacht op een plek (wachtlijst)")
        ZORG_OF_BEHANDELING = "zorg", _("Zorg of behandeling gaat voor")
        SCHOOLWEIGERING = "schoolweigering", _("Schoolweigering / schoolangst")
        VRIJSTELLING = "vrijstelling", _("Vrijstelling van de leerplicht")
        ANDERS = "anders", _("Andere reden")

    leerling = models.ForeignKey(
        "loket.Leerling",
        verbose_name=_("leerling"),
        on_delete=models.CASCADE,
        related_name="thuiszitperiodes",
    )
    vanaf = models.DateField(_("thuis vanaf"))
    tot = models.DateField(_("weer naar school op"), null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=20, choices=Reden.choices)
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("thuiszitperiode")
        verbose_name_plural = _("thuiszitperiodes")
        ordering = ["-vanaf"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tot__isnull=True) | models.Q(tot__gte=models.F("vanaf")),
                name="thuiszitten_tot_after_vanaf",
            )
        ]

    def __str__(self):
        return (
            f"{self.vanaf:%d-%m-%Y} – {self.tot:%d-%m-%Y}"
            if self.tot
            else f"{self.vanaf:%d-%m-%Y} –"
        )

    def is_current(self, day):
        return self.vanaf <= day and (self.tot is None or self.tot > day)
