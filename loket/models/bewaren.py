"""Retention (bewaartermijnen): what a beheerder set, and what each run removed.

The kinds of record and their defaults are the entries of ``rules`` (a keyed registry,
below; ``loket.privacy.retention.rules`` fills it and ``LoketConfig.ready`` imports
that). A row here only overrides the default of one kind. A kind without a
row keeps its default, so a new kind needs no data migration.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.registry import Registry


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
        return str(rules[self.kind].label) if self.kind in rules else self.kind

    def clean(self):
        from django.core.exceptions import ValidationError

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


@dataclass(frozen=True)
class RetentionRule:
    """One kind of record in retention: its default, the source of that default, and
    how to find and remove what has passed (see ``loket.privacy.retention.rules``)."""

    label: str
    starts: str  # from which moment the period counts
    source: str  # where the default comes from
    default_days: int | None  # None: no period of its own (follows another kind)
    default_action: str = Bewaartermijn.Actie.VERWIJDEREN
    actions: tuple = (Bewaartermijn.Actie.VERWIJDEREN,)
    find: Callable | None = None  # (cutoffs: {kind: datetime, "now": …}) -> iterable
    apply: Callable | None = None  # (obj, action) -> None, inside a transaction
    describe: Callable = lambda obj: []  # (obj) -> kenmerken, no personal data
    minimum_days: int = 0


rules = Registry("bewaartermijnen")


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


class PurgeRecord(models.Model):
    """That a dossier or aanvraag was removed for good, when and why - an id and a
    moment, no personal data (the id points at nothing any more).

    Written in the same transaction as the removal. Why it exists: a restore puts an
    older copy of the database back, which would bring a purged dossier back. The
    restore reads these rows from the live database first and removes whatever they
    name again afterwards (``loket.privacy.retention.journal``)."""

    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("dossier")
        AANVRAAG = "aanvraag", _("aanvraag")

    class Reason(models.TextChoices):
        BEWAARTERMIJN = "bewaartermijn", _("bewaartermijn verstreken")
        WISSING = "wissing", _("AVG-verzoek om wissing")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("nummer"))
    action = models.CharField(_("actie"), max_length=20, choices=Bewaartermijn.Actie.choices)
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    purged_at = models.DateTimeField(_("verwijderd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verwijdering")
        verbose_name_plural = _("verwijderingen")
        ordering = ["purged_at", "pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id} ({self.purged_at:%d-%m-%Y})"
