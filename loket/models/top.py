"""The TOP-arrangement budget per year and the SWV shares booked against it."""

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
    """The SWV share of one granted TOP-arrangement, booked against a year's budget."""

    budget = models.ForeignKey(
        TopBudget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="entries"
    )
    # Budget figures outlive the aanvraag: retention removes the aanvraag and the
    # booking stays (school, amount, dates) without pointing at a pupil.
    aanvraag = models.OneToOneField(
        Aanvraag,
        verbose_name=_("aanvraag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="top_boeking",
    )
    school = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("SWV-deel (€)"), max_digits=10, decimal_places=2)
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("TOP-boeking")
        verbose_name_plural = _("TOP-boekingen")
        ordering = ["-booked_at"]

    def __str__(self):
        return f"€ {self.amount} ({self.budget.year})"
