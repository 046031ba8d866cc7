"""Grant services: give, end, revoke and expire inzage — the only way to change a grant.

Each service runs in one transaction and leaves the guardian rows exactly in
step with the grants: a dossier permission exists for a grantee (user, or the
organisation's inzage group) while at least one of its grants on that dossier is
open (not revoked, not expired). ``sync_permissions`` recomputes that, so two
overlapping grants never take each other's access away.

The loket writes the logboek: it listens to ``permissions.signals.grant_changed``
(``permissions`` may not import the loket; see DESIGN.md).
"""

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Membership, Organisation, Role

from .models import InzageGrant, one_year_ahead, school_year_end
from .signals import grant_changed

VIEW_DOSSIER = "loket.view_dossier"
ORGANISATION_GROUP = "inzage-organisatie-{pk}"


def _date(value):
    return formats.date_format(value, "j F Y")


def organisation_group(organisation_or_id, create=True):
    """The guardian group that stands for the externe members of one external organisation."""
    pk = getattr(organisation_or_id, "pk", organisation_or_id)
    name = ORGANISATION_GROUP.format(pk=pk)
    if create:
        return Group.objects.get_or_create(name=name)[0]
    return Group.objects.filter(name=name).first()


def external_organisations():
    """The external organisations the SWV registered (active only)."""
    return Organisation.objects.filter(kind=Organisation.Kind.EXTERN, is_active=True)


def external_people():
    """Memberships of active externen in active external organisations."""
    return (
        Membership.objects.filter(
            role=Role.EXTERNE,
            organisation__kind=Organisation.Kind.EXTERN,
            organisation__is_active=True,
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__email")
    )


def _check_grantee(user, organisation):
    if (user is None) == (organisation is None):
        raise ValidationError({"grantee": _("Kies één persoon of één organisatie.")})
    if (
        organisation is not None
        and not external_organisations().filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {"grantee": _("Inzage kan alleen naar een externe organisatie die het SWV kent.")}
        )
    if user is not None and not external_people().filter(user=user).exists():
        raise ValidationError(
            {"grantee": _("Deze persoon is geen externe van een organisatie die het SWV kent.")}
        )


def _check_dates(dossier, starts_on, ends_on, legal_basis, consent_date, today):
    errors = {}
    latest = one_year_ahead(today)
    if starts_on < today:
        errors["starts_on"] = _("De begindatum kan niet in het verleden liggen.")
    if ends_on < starts_on:
        errors["ends_on"] = _("De einddatum ligt vóór de begindatum.")
    elif ends_on > latest:
        errors["ends_on"] = _(
            "Inzage kan hoogstens een jaar vooruit worden gegeven: uiterlijk tot en met %(date)s."
        ) % {"date": _date(latest)}
    if consent_date > today:
        errors["consent_date"] = _("De datum van de toestemming kan niet in de toekomst liggen.")
    elif legal_basis == InzageGrant.LegalBasis.LEERLING:
        birth = dossier.leerling.geboortedatum
        try:
            sixteen = birth.replace(year=birth.year + 16)
        except ValueError:  # born on 29 February
            sixteen = birth.replace(year=birth.year + 16, day=28)
        if consent_date < sixteen:
            errors["legal_basis"] = _(
                "De leerling was op de datum van de toestemming nog geen 16: "
                "dan geven de ouders toestemming."
            )
    if errors:
        raise ValidationError(errors)


def _lock_dossier(dossier):
    """Serialise grant changes on one dossier (overlap checks and guardian sync)."""
    Dossier = apps.get_model("loket", "Dossier")
    return Dossier.objects.select_for_update().select_related("leerling").get(pk=dossier.pk)


def sync_permissions(dossier, *, user=None, organisation=None, today=None):
    """Make the guardian row of one grantee on one dossier match their open grants."""
    grants = InzageGrant.objects.open(today).filter(dossier=dossier)
    if user is not None:
        holder = user
        wanted = grants.filter(grantee_user=user).exists()
    else:
        holder = organisation_group(organisation, create=True)
        wanted = grants.filter(grantee_organisation=organisation).exists()
    if wanted:
        assign_perm(VIEW_DOSSIER, holder, dossier)
    else:
        remove_perm(VIEW_DOSSIER, holder, dossier)
    return wanted


def _sync_grant(grant, today=None):
    return sync_permissions(
        grant.dossier,
        user=grant.grantee_user,
        organisation=grant.grantee_organisation,
        today=today,
    )


def create_grant(
    dossier,
    granted_by,
    *,
    user=None,
    organisation=None,
    reason,
    legal_basis,
    consent_date,
    consent_how,
    starts_on=None,
    ends_on=None,
):
    """Give inzage. Raises ``ValidationError`` (Dutch messages per field) on bad input."""
    today = timezone.localdate()
    starts_on = starts_on or today
    ends_on = ends_on or school_year_end(today)
    reason = (reason or "").strip()
    consent_how = (consent_how or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Schrijf op waarom de externe inzage nodig heeft.")
    if not consent_how:
        errors["consent_how"] = _("Schrijf op hoe de toestemming is gegeven.")
    if legal_basis not in InzageGrant.LegalBasis.values:
        errors["legal_basis"] = _("Kies de grondslag: toestemming van ouders of leerling.")
    if errors:
        raise ValidationError(errors)
    _check_grantee(user, organisation)
    with transaction.atomic():
        dossier = _lock_dossier(dossier)
        _check_dates(dossier, starts_on, ends_on, legal_basis, consent_date, today)
        overlapping = (
            InzageGrant.objects.open(today)
            .filter(dossier=dossier, starts_on__lte=ends_on, ends_on__gte=starts_on)
            .filter(**({"grantee_user": user} if user else {"grantee_organisation": organisation}))
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "grantee": _("Deze externe heeft al inzage in dit dossier tot en met %(date)s.")
                    % {"date": _date(overlapping.ends_on)}
                }
            )
        grant = InzageGrant.objects.create(
            dossier=dossier,
            grantee_user=user,
            grantee_organisation=organisation,
            granted_by=granted_by,
            reason=reason,
            legal_basis=legal_basis,
            consent_date=consent_date,
            consent_how=consent_how,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        _sync_grant(grant, today)
        grant_changed.send(InzageGrant, grant=grant, action="verleend", by=granted_by)
    return grant


def revoke_grant(grant, by):
    """Intrekken: the grant stops giving access at once. Raises ``ValidationError``."""
    with transaction.atomic():
        _lock_dossier(grant.dossier)
        grant = InzageGrant.objects.select_related("dossier").get(pk=grant.pk)
        if grant.revoked_at:
            raise ValidationError(_("Deze inzage is al ingetrokken."))
        if grant.state() == "verlopen":
            raise ValidationError(_("Deze inzage is al verlopen."))
        grant.revoked_at = timezone.now()
        grant.revoked_by = by
        grant.save(update_fields=["revoked_at", "revoked_by"])
        _sync_grant(grant)
        grant_changed.send(InzageGrant, grant=grant, action="ingetrokken", by=by)
    return grant


def end_grant(grant, by, ends_on):
    """Beëindigen: bring the end date forward (to today at the earliest).

    To stop access at once, revoke instead. Raises ``ValidationError``.
    """
    today = timezone.localdate()
    with transaction.atomic():
        _lock_dossier(grant.dossier)
        grant = InzageGrant.objects.select_related("dossier").get(pk=grant.pk)
        if not grant.is_current:
            raise ValidationError(_("Deze inzage loopt niet meer."))
        if not (max(today, grant.starts_on) <= ends_on <= grant.ends_on):
            raise ValidationError(
                {
                    "ends_on": _("Kies een einddatum van %(start)s tot en met %(end)s.")
                    % {"start": _date(max(today, grant.starts_on)), "end": _date(grant.ends_on)}
                }
            )
        grant.ends_on = ends_on
        grant.save(update_fields=["ends_on"])
        _sync_grant(grant, today)
        grant_changed.send(InzageGrant, grant=grant, action="beeindigd", by=by)
    return grant


def expire_grants(today=None):
    """Close every grant whose end date has passed and drop its guardian rows.

    Idempotent; run daily by ``manage.py expire_grants`` (cron) or the task
    ``permissions.tasks.expire_grants_task``. Access never waits for this: every
    check compares the end date itself. Returns the number of grants closed.
    """
    today = today or timezone.localdate()
    closed = 0
    due = (
        InzageGrant.objects.filter(
            expired_at__isnull=True, revoked_at__isnull=True, ends_on__lt=today
        )
        .select_related("dossier", "grantee_user", "grantee_organisation")
        .order_by("pk")
    )
    for grant in due.iterator(chunk_size=500):
        with transaction.atomic():
            updated = InzageGrant.objects.filter(pk=grant.pk, expired_at__isnull=True).update(
                expired_at=timezone.now()
            )
            if not updated:
                continue  # another worker got there first
            _sync_grant(grant, today)
            grant_changed.send(InzageGrant, grant=grant, action="verlopen", by=None)
            closed += 1
    return closed


def grants_for_dossier(dossier):
    """Every grant on a dossier, current and past, for the school's overview."""
    return InzageGrant.objects.filter(dossier=dossier).select_related(
        "grantee_user", "grantee_organisation", "granted_by", "revoked_by"
    )


def sync_organisation_groups(user):
    """Put ``user`` in exactly the inzage groups of the organisations they are externe of."""
    wanted = {
        ORGANISATION_GROUP.format(pk=pk)
        for pk in Membership.objects.filter(
            user=user, role=Role.EXTERNE, organisation__kind=Organisation.Kind.EXTERN
        ).values_list("organisation_id", flat=True)
    }
    current = set(
        user.groups.filter(name__startswith="inzage-organisatie-").values_list("name", flat=True)
    )
    if current - wanted:
        user.groups.remove(*Group.objects.filter(name__in=current - wanted))
    for name in wanted - current:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
