"""The TOP-arrangement budget per calendar year and the ledger of SWV shares against it.

The ledger is append only: a booking is a positive line, a release (the pupil
stopped, the grant withdrawn, lower real costs, a herziening) a negative line of
its own with its reason. What is booked for a year is the sum of its lines.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag


class TopBudget(models.Model):
    """The SWV's budget for TOP-arrangementen in one calendar year."""

    year = models.PositiveIntegerField(_("jaar"), unique=True)
    amount = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("TOP-budget")
        verbose_name_plural = _("TOP-budgetten")
        ordering = ["-year"]

    def __str__(self):
        return f"TOP-budget {self.year}"

    def clean(self):
        """Never negative, and never below what is already booked against it: a
        lower budget would leave granted arrangements without money."""
        if self.amount is None:
            return
        if self.amount < 0:
            raise ValidationError({"amount": _("Een budget kan niet negatief zijn.")})
        if self.pk is None:
            return
        booked = self.entries.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        if self.amount < booked:
            raise ValidationError(
                {
                    "amount": _(
                        "Het budget kan niet lager zijn dan wat er al op geboekt is (€ %(booked)s)."
                    )
                    % {"booked": booked}
                }
            )


class TopLedgerEntry(models.Model):
    """One line of the ledger: (part of) the SWV share of a granted TOP-arrangement,
    booked against one year's budget (positive), or released again (negative).

    Lines are never changed or deleted (``save`` refuses an update); a correction
    is a new line. The sum of an aanvraag's lines in a year never drops below zero
    (``loket.lifecycle.ledger``).
    """

    class Reden(models.TextChoices):
        GESTOPT = "gestopt", _("gestopt")
        INGETROKKEN = "ingetrokken", _("ingetrokken na toekenning")
        LAGERE_KOSTEN = "lagere_kosten", _("werkelijke kosten lager")
        HERZIENING = "herziening", _("herziening")
        HERVERDELING = "herverdeling", _("verdeeld over de kalenderjaren")

    budget = models.ForeignKey(
        TopBudget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="entries"
    )
    # Budget figures outlive the aanvraag: retention removes the aanvraag and the
    # booking stays (school, amount, dates) without pointing at a pupil.
    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="top_boekingen",
    )
    school = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("SWV-deel (€)"), max_digits=10, decimal_places=2)
    # Empty for a booking; the reason of a release (a negative line).
    reden = models.CharField(_("reden"), max_length=20, choices=Reden.choices, blank=True)
    # The SWV's own explanation of a release. Free text may name the pupil, so
    # retention empties it together with the aanvraag (loket.privacy.retention.removal).
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=2000)
    # True for the lines that follow the besluit (the booking at besluit, and what a
    # herziening books or releases); False for a release the commissie made by hand.
    door_besluit = models.BooleanField(_("volgt het besluit"), default=True)
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("TOP-boeking")
        verbose_name_plural = _("TOP-boekingen")
        ordering = ["-booked_at", "-pk"]

    def __str__(self):
        return f"€ {self.amount} ({self.budget.year})"

    def save(self, *args, **kwargs):
        """Append only: a line once written is never saved again (a correction is a
        new line). Retention's queryset update is the one exception."""
        if self.pk is not None:
            raise ValueError("TopLedgerEntry is append only")
        super().save(*args, **kwargs)

    @property
    def is_release(self):
        return self.amount < 0
