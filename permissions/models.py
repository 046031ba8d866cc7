"""Inzage: a school grants one dossier to one external professional or to one
external organisation, for a period. The portal enforces it.

Two layers, kept in step by ``permissions.grants`` in one transaction:

- ``InzageGrant`` is the record a school sees: who, why, on which legal basis,
  from when until when, revoked by whom. It is never deleted, so the history stays.
- django-guardian object permissions (``loket.view_dossier``) on direct foreign
  key tables (``DossierUserObjectPermission`` / ``DossierGroupObjectPermission``),
  not guardian's generic-FK tables: "which dossiers may this user see" is then an
  indexed integer join, also with millions of rows.

A grant to an organisation is one group permission on the organisation's inzage
group (``inzage-organisatie-<pk>``); ``permissions.receivers`` keeps the externe
members of the organisation in that group. Every check also compares the grant's
own dates (``InzageGrant.objects.valid()``), so an expired grant gives no access
even before the nightly task removed its guardian rows.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class DossierUserObjectPermission(UserObjectPermissionBase):
    """guardian: a permission of one user on one dossier (direct foreign key)."""

    content_object = models.ForeignKey("loket.Dossier", on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("dossierrecht van een gebruiker")
        verbose_name_plural = _("dossierrechten van gebruikers")


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    """guardian: a permission of one group (an external organisation) on one dossier."""

    content_object = models.ForeignKey("loket.Dossier", on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("dossierrecht van een groep")
        verbose_name_plural = _("dossierrechten van groepen")


def school_year_end(today=None):
    """31 July of the current school year (a school year runs 1 August – 31 July)."""
    today = today or timezone.localdate()
    end = datetime.date(today.year, 7, 31)
    return end if today <= end else datetime.date(today.year + 1, 7, 31)


def one_year_ahead(today=None):
    """The latest end date a grant may have: one year from today (28 Feb for 29 Feb)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


class InzageGrantQuerySet(models.QuerySet):
    def valid(self, today=None):
        """Grants that give access today: started, not ended, not revoked."""
        today = today or timezone.localdate()
        return self.filter(
            revoked_at__isnull=True,
            expired_at__isnull=True,
            starts_on__lte=today,
            ends_on__gte=today,
        )

    def open(self, today=None):
        """Grants that hold guardian rows: not revoked, not expired (may start later)."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, expired_at__isnull=True, ends_on__gte=today)

    def for_user(self, user, organisation_ids=None):
        """Grants to ``user`` directly or to an external organisation they are externe of.

        Pass ``organisation_ids`` (a list) when known: a literal list lets the
        database use the grantee indexes instead of scanning every grant.
        """
        if organisation_ids is None:
            from accounts.models import Membership, Organisation, Role

            organisation_ids = Membership.objects.filter(
                user=user, role=Role.EXTERNE, organisation__kind=Organisation.Kind.EXTERN
            ).values("organisation_id")
        return self.filter(Q(grantee_user=user) | Q(grantee_organisation__in=organisation_ids))


class InzageGrant(models.Model):
    """A school's grant of inzage in one dossier to a person or an external organisation."""

    class LegalBasis(models.TextChoices):
        OUDERS = "ouders", _("Toestemming van de ouders")
        LEERLING = "leerling", _("Toestemming van de leerling (16 jaar of ouder)")

    dossier = models.ForeignKey(
        "loket.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="inzage_grants",
    )
    grantee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("externe"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inzage_grants",
    )
    grantee_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("externe organisatie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inzage_grants",
        limit_choices_to={"kind": "extern"},
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gegeven door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reden"))
    legal_basis = models.CharField(_("grondslag"), max_length=20, choices=LegalBasis.choices)
    consent_date = models.DateField(_("datum toestemming"))
    consent_how = models.CharField(
        _("hoe is de toestemming gegeven"),
        max_length=300,
        help_text=_("Bijvoorbeeld: schriftelijk, formulier zit in het leerlingdossier."),
    )
    starts_on = models.DateField(_("vanaf"), default=timezone.localdate)
    ends_on = models.DateField(_("tot en met"), default=school_year_end)
    created_at = models.DateTimeField(_("gegeven op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expired_at = models.DateTimeField(
        _("afgesloten op"),
        null=True,
        blank=True,
        help_text=_("Wanneer de dagelijkse taak de verlopen inzage afsloot."),
    )

    objects = InzageGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(grantee_user__isnull=False, grantee_organisation__isnull=True)
                    | Q(grantee_user__isnull=True, grantee_organisation__isnull=False)
                ),
                name="inzage_one_grantee",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="inzage_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["grantee_user", "ends_on"], name="inzage_user_end"),
            models.Index(fields=["grantee_organisation", "ends_on"], name="inzage_org_end"),
            models.Index(fields=["ends_on"], name="inzage_open_end", condition=Q(expired_at=None)),
        ]

    def __str__(self):
        return f"Inzage {self.pk} in dossier {self.dossier_id}"

    @property
    def grantee(self):
        return self.grantee_user or self.grantee_organisation

    def state(self, today=None):
        """'actief', 'gepland', 'verlopen' or 'ingetrokken' — compared with today's date."""
        today = today or timezone.localdate()
        if self.revoked_at:
            return "ingetrokken"
        if self.expired_at or self.ends_on < today:
            return "verlopen"
        if self.starts_on > today:
            return "gepland"
        return "actief"

    def state_display(self):
        return {
            "actief": _("Actief"),
            "gepland": _("Gaat nog in"),
            "verlopen": _("Verlopen"),
            "ingetrokken": _("Ingetrokken"),
        }[self.state()]

    @property
    def is_current(self):
        return self.state() in ("actief", "gepland")
