"""Retention (bewaartermijnen): what a beheerder set, and what each run removed.

The kinds of record and their defaults live in ``loket.retention`` (a keyed
registry); a row here only overrides the default of one kind. A kind without a
row keeps its default, so a new kind needs no data migration.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bewaartermijn(models.Model):
    """The retention period and action a beheerder chose for one kind of record."""

    class Actie(models.TextChoices):
        VERWIJDEREN = "verwijderen", _("Verwijderen")
        ANONIMISEREN = "anonimiseren", _("Anonimiseren (cijfers blijven, persoonsgegevens niet)")

    kind = models.CharField(_("soort gegevens"), max_length=50, unique=True)
    days = models.PositiveIntegerField(
        _("bewaartermijn (dagen)"),
        help_text=_("Na zoveel dagen (vanaf het moment dat bij de soort staat) wordt opgeruimd."),
    )
    action = models.CharField(_("wat er dan gebeurt"), max_length=20, choices=Actie.choices)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["kind"]

    def __str__(self):
        from loket.retention import rules

        return str(rules[self.kind].label) if self.kind in rules else self.kind

    def clean(self):
        from django.core.exceptions import ValidationError

        from loket.retention import rules

        if self.kind not in rules:
            raise ValidationError({"kind": _("Deze soort gegevens bestaat niet.")})
        rule = rules[self.kind]
        if self.action not in rule.actions:
            raise ValidationError(
                {"action": _("Voor deze soort kan dat niet; kies een andere actie.")}
            )
        if self.days < rule.minimum_days:
            raise ValidationError(
                {"days": _("Korter dan %(n)s dagen kan niet.") % {"n": rule.minimum_days}}
            )


class RetentieRun(models.Model):
    """What one run of the retention job did: counts and kenmerken, no personal data."""

    started_at = models.DateTimeField(_("gestart"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    dry_run = models.BooleanField(_("proefdraai"), default=False)
    summary = models.JSONField(
        _("samenvatting"),
        default=dict,
        help_text=_("Per soort: actie, aantal en kenmerken van aanvragen; geen namen."),
    )

    class Meta:
        verbose_name = _("opruimronde")
        verbose_name_plural = _("opruimrondes")
        ordering = ["-started_at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"Opruimronde {self.started_at:%d-%m-%Y %H:%M}"
