"""Who may see which dossier — written once, used by every loket view, download
and admin queryset.

- schoolgebruiker: the dossiers and aanvragen of their own school(s);
- consulent: those of the schools they are assigned to (``ConsulentAssignment``);
- commissie (and a superuser, the technical operator): everything;
- beheerder: no dossier, aanvraag, bijlage or logboek line at all. A functional
  administrator manages organisations, users, settings and budgets, not pupils
  (data minimisation, DESIGN.md); ``sees_loket_figures`` lets them see the
  aggregated counts of the loket dashboard, never a row;
- externe: only the dossiers granted to them or their external organisation
  (``dossiers_granted_to``): a valid ``InzageGrant`` today AND a guardian object
  permission; global model permissions never count (``accept_global_perms=False``);
  and, read-only, the dossiers transferred to their external organisation
  (``dossiers_received_by``, e.g. a transfer to CLEO);
- every other role: nothing, unless an access rule says otherwise.

Grants give *read* access. The school's own pages (Mijn loket, aanvullen,
intrekken, granting) ask with ``with_grants=False``; the files and the besluit
document, which an externe may read, use the default.

Access rules are a further extension point: a rule is a function
``rule(user) -> Q | None`` on the dossier model, registered with
``register_dossier_access_rule``; a rule's dossiers are added to what the user may
see. Rules only ever widen access for the dossiers they name.

The dossier model is looked up lazily (``apps.get_model``), so this module does
not import the loket (see DESIGN.md: dependencies point one way).
"""

from django.apps import apps
from django.db.models import Q

from accounts.models import ConsulentAssignment, Organisation, Role

SEE_ALL_ROLES = {Role.COMMISSIE}
SWV_STAFF_ROLES = {Role.CONSULENT, Role.COMMISSIE}
# Roles that see the loket's aggregated figures (counts per status and type,
# overdue count, TOP budget) without seeing a single aanvraag.
FIGURES_ROLES = SWV_STAFF_ROLES | {Role.BEHEERDER}


_access_rules = []


def register_dossier_access_rule(rule):
    """Add ``rule(user) -> Q | None`` (on ``loket.Dossier``); usable as a decorator."""
    if rule not in _access_rules:
        _access_rules.append(rule)
    return rule


def unregister_dossier_access_rule(rule):
    if rule in _access_rules:
        _access_rules.remove(rule)


def _dossier_model():
    return apps.get_model("loket", "Dossier")


def _aanvraag_model():
    return apps.get_model("loket", "Aanvraag")


def _memberships(user):
    # Cached on the user object for the length of a request: one query, not one per check.
    cached = getattr(user, "_policy_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.values_list(
                "role", "organisation_id", "organisation__kind", "organisation__is_active"
            )
        )
        user._policy_memberships = cached
    return cached


def _roles(user):
    return {role for role, _org, _kind, _active in _memberships(user)}


def external_organisation_ids(user):
    """The active external organisations ``user`` is externe of (their grants count for them)."""
    return [
        org
        for role, org, kind, active in _memberships(user)
        if role == Role.EXTERNE and kind == Organisation.Kind.EXTERN and active
    ]


def organisation_ids(user, *roles):
    """The organisations ``user`` has one of ``roles`` in, from the memberships already
    read for this request (a list of ids, not a subquery)."""
    return sorted({org for role, org, _kind, _active in _memberships(user) if role in roles})


def valid_grants_for(user, today=None):
    """The inzage grants that give ``user`` access today, directly or via their organisation."""
    from .models import InzageGrant

    return InzageGrant.objects.valid(today).for_user(
        user, organisation_ids=external_organisation_ids(user)
    )


def sees_everything(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_roles(user) & SEE_ALL_ROLES)


def own_school_ids(user):
    """The schools ``user`` is schoolgebruiker of.

    The ids themselves, from the memberships already read for this request, not a
    subquery: PostgreSQL then knows how many rows one school has (its statistics per
    value) and picks an index instead of hashing every pupil (Mijn loket at 1,000
    aanvragen of one school in a database of 100,000: 11 ms to 1 ms).
    """
    return [
        org
        for role, org, kind, _active in _memberships(user)
        if role == Role.SCHOOLGEBRUIKER and kind == Organisation.Kind.SCHOOL
    ]


def school_q(user, field="school_id"):
    """A ``Q`` on ``field`` for the schools whose data ``user`` sees in full, or None.

    Not meaningful for users who see everything (check ``sees_everything`` first).
    """
    roles = _roles(user)
    q = None
    if Role.SCHOOLGEBRUIKER in roles:
        q = Q(**{f"{field}__in": own_school_ids(user)})
    if Role.CONSULENT in roles:
        assigned = assigned_school_ids(user)
        q = Q(**{f"{field}__in": assigned}) if q is None else q | Q(**{f"{field}__in": assigned})
    return q


def assigned_school_ids(user):
    """The schools a consulent is assigned to, read once per request (cached on the user
    object, like the memberships).

    The ids themselves rather than a subquery, for the reason ``own_school_ids`` gives:
    with a literal list PostgreSQL knows how many aanvragen the schools have and counts
    the SWV inbox (100,000 aanvragen) from the index alone, instead of hashing every row
    against the subquery (34 → 18 ms in ``make bench-http``'s database).
    """
    cached = getattr(user, "_policy_assigned_schools", None)
    if cached is None:
        cached = sorted(
            ConsulentAssignment.objects.filter(consulent=user).values_list("school_id", flat=True)
        )
        user._policy_assigned_schools = cached
    return cached


def dossiers_granted_to(user, today=None):
    """The dossiers an externe may read today through inzage (a queryset).

    Both must hold: a grant whose dates include today and that is not revoked
    (compared here, so an expired grant gives nothing even before the expiry task
    ran), and the guardian object permission the grant services keep in step.
    Only an externe of an active external organisation reads anything: when the
    SWV deactivates an organisation, all its inzage stops at once.
    """
    from guardian.shortcuts import get_objects_for_user

    Dossier = _dossier_model()
    if not (user and user.is_authenticated and user.is_active):
        return Dossier.objects.none()
    if not external_organisation_ids(user):
        return Dossier.objects.none()
    valid = valid_grants_for(user, today).values("dossier_id")
    guarded = get_objects_for_user(
        user,
        "loket.view_dossier",
        klass=Dossier,
        use_groups=True,
        with_superuser=False,
        accept_global_perms=False,
    )
    return guarded.filter(pk__in=valid)


def dossiers_received_by(user):
    """Dossiers transferred to the user's external organisation (e.g. CLEO): read-only.

    An overdracht to an external organisation makes that organisation the dossier's
    holder; its externen read it in ``/inzage/`` as long as the organisation is active.
    """
    Dossier = _dossier_model()
    if not (user and user.is_authenticated and user.is_active):
        return Dossier.objects.none()
    organisations = external_organisation_ids(user)
    if not organisations:
        return Dossier.objects.none()
    return Dossier.objects.filter(school_id__in=organisations)


def dossiers_readable_by_externe(user, today=None):
    """What an externe reads in ``/inzage/``: granted today, or received by transfer.

    One ``IN (… UNION …)`` rather than ``IN (…) OR IN (…)``: with an OR PostgreSQL
    cannot use either subquery as a semi-join and scans every dossier, 300 ms at a
    million permission rows (``make bench-http``); the union takes 2 ms.
    """
    Dossier = _dossier_model()
    granted = dossiers_granted_to(user, today).values("pk")
    received = dossiers_received_by(user).values("pk")
    return Dossier.objects.filter(pk__in=granted.order_by().union(received.order_by()))


def dossiers_grantable_by(user):
    """Dossiers whose inzage ``user`` manages: those of their own school(s) as schoolgebruiker."""
    Dossier = _dossier_model()
    if not (user and user.is_authenticated and user.is_active):
        return Dossier.objects.none()
    if Role.SCHOOLGEBRUIKER not in _roles(user):
        return Dossier.objects.none()
    return Dossier.objects.filter(school_id__in=own_school_ids(user))


def _extra_dossier_q(user, with_grants=True):
    if not with_grants:
        return None
    q = Q(pk__in=[])
    found = False
    if Role.EXTERNE in _roles(user):
        q |= Q(pk__in=dossiers_readable_by_externe(user).values("pk"))
        found = True
    for rule in _access_rules:
        extra = rule(user)
        if extra is not None:
            q |= extra
            found = True
    return q if found else None


def dossiers_visible_to(user, *, with_grants=True):
    """Every dossier ``user`` may see (a queryset; empty for anonymous users).

    ``with_grants=False``: leave out what inzage grants add (the school's own pages).
    """
    Dossier = _dossier_model()
    if not (user and user.is_authenticated and user.is_active):
        return Dossier.objects.none()
    if sees_everything(user):
        return Dossier.objects.all()
    schools = school_q(user)
    extra = _extra_dossier_q(user, with_grants)
    if schools is None and extra is None:
        return Dossier.objects.none()
    q = Q(pk__in=[])
    if schools is not None:
        q |= schools
    if extra is not None:
        q |= Q(pk__in=Dossier.objects.filter(extra).values("pk"))
    return Dossier.objects.filter(q)


def aanvragen_visible_to(user, *, with_grants=True):
    """Every aanvraag ``user`` may see: of their schools, or in a dossier they may see.

    Aanvragen without a pupil (e.g. a schoolarrangement) have no dossier and
    follow the school.
    """
    Aanvraag = _aanvraag_model()
    if not (user and user.is_authenticated and user.is_active):
        return Aanvraag.objects.none()
    if sees_everything(user):
        return Aanvraag.objects.all()
    schools = school_q(user)
    extra = _extra_dossier_q(user, with_grants)
    if schools is None and extra is None:
        return Aanvraag.objects.none()
    q = Q(pk__in=[])
    if schools is not None:
        q |= schools
    if extra is not None:
        q |= Q(dossier_id__in=_dossier_model().objects.filter(extra).values("pk"))
    return Aanvraag.objects.filter(q)


def aanvraag_school_scope(user):
    """Sorted ids of the schools whose aanvragen are all ``aanvragen_visible_to(user)``
    holds, or None when that is everything, nothing, or more (grants, access rules)."""
    roles = _roles(user) if has_role(user, Role.SCHOOLGEBRUIKER, Role.CONSULENT) else ()
    if not roles or sees_everything(user) or _extra_dossier_q(user) is not None:
        return None
    own = own_school_ids(user) if Role.SCHOOLGEBRUIKER in roles else []
    return sorted({*own, *(assigned_school_ids(user) if Role.CONSULENT in roles else [])})


def can_view_dossier(user, dossier):
    return dossiers_visible_to(user).filter(pk=dossier.pk).exists()


def can_view_aanvraag(user, aanvraag):
    return aanvragen_visible_to(user).filter(pk=aanvraag.pk).exists()


def is_swv_staff(user):
    """Consulent or commissie: may act on aanvragen in the admin (inbox, logboek)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_roles(user) & SWV_STAFF_ROLES)


def sees_pupil_names(user):
    """Whether lists and exports of aanvragen may show the pupil's name (and kenmerk)
    to ``user``: the SWV staff who handle them (consulent, commissie). A beheerder
    never; the rows a user sees are limited by ``aanvragen_visible_to`` in any case."""
    return is_swv_staff(user)


def pupils_visible_to(user):
    """The pupil register ``user`` may read and import into: the pupils of their own
    school(s) as schoolgebruiker. Nobody else reads the register as a list."""
    Leerling = apps.get_model("loket", "Leerling")
    if not (user and user.is_authenticated and user.is_active):
        return Leerling.objects.none()
    if Role.SCHOOLGEBRUIKER not in _roles(user):
        return Leerling.objects.none()
    return Leerling.objects.filter(school_id__in=own_school_ids(user))


def pupils_reportable_by(user):
    """Pupils ``user`` may report as thuiszitter: their own school's (schoolgebruiker)
    and those of the schools they are the consulent of."""
    Leerling = apps.get_model("loket", "Leerling")
    if not (user and user.is_authenticated and user.is_active):
        return Leerling.objects.none()
    school_ids = set()
    roles = _roles(user)
    if Role.SCHOOLGEBRUIKER in roles:
        school_ids.update(own_school_ids(user))
    if Role.CONSULENT in roles:
        school_ids.update(assigned_school_ids(user))
    return Leerling.objects.filter(school_id__in=sorted(school_ids))


def is_school_user_of(user, school_id):
    """Is ``user`` a schoolgebruiker of this school (the school's own actions: aanvullen,
    intrekken, instemming, archiving, the plan, transfers)?"""
    if not (user and user.is_authenticated):
        return False
    return user.memberships.filter(role=Role.SCHOOLGEBRUIKER, organisation_id=school_id).exists()


def has_role(user, *roles):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return bool(_roles(user) & set(roles))


def sees_loket_figures(user):
    """SWV staff and beheerders see the loket's aggregated figures on the dashboard."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_roles(user) & FIGURES_ROLES)


def aanvragen_counted_for(user):
    """The aanvragen whose *counts* ``user`` sees: what they may see, or all of them
    for a beheerder. Only ever for aggregates (``Count``), never for listing rows."""
    Aanvraag = _aanvraag_model()
    if has_role(user, Role.BEHEERDER) and not is_swv_staff(user):
        return Aanvraag.objects.all()
    return aanvragen_visible_to(user)


# The AVG inzage export (art. 15) of one pupil: the privacyfunctionaris, and the
# commissie, who already sees every dossier (DESIGN.md).
AVG_EXPORT_ROLES = {Role.PRIVACY, Role.COMMISSIE}


def may_export_avg(user):
    """May ``user`` produce an AVG inzage export of any pupil?"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_roles(user) & AVG_EXPORT_ROLES)


def may_handle_avg_requests(user):
    """May ``user`` keep the register of AVG requests (art. 15-21)? The privacy officer
    only: not the commissie, who decides on support, not on the pupil's rights."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or Role.PRIVACY in _roles(user)


def may_export_inbox(user):
    """SWV staff export the inbox rows they see. Not the beheerder: even without names,
    rows of aanvragen (school, type, dates) are pupil data, and a beheerder reads only
    aggregated figures (DESIGN.md); the monitoring page exports those."""
    return is_swv_staff(user)
