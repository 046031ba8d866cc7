"""Role changes in the Beveiligingslog: who gave or took which role, to whom.

Memberships are edited inline on an organisation in the Wagtail admin. The
admin hooks in ``accounts.wagtail_hooks`` take a snapshot of an organisation's
memberships before the edit and compare it with what was saved; the
differences become ``SecurityEvent`` rows with the acting beheerder. Only
account, role and organisation are recorded, never pupil data.
"""

from django.utils.translation import gettext as _

from .models import Membership, Role, SecurityEvent


def snapshot(organisation):
    """``{membership pk: (user id, role)}`` of an organisation as stored now."""
    if organisation is None or organisation.pk is None:
        return {}
    return {
        pk: (user_id, role)
        for pk, user_id, role in Membership.objects.filter(organisation=organisation).values_list(
            "pk", "user_id", "role"
        )
    }


def _label(role):
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def record(actor, organisation_name, user_id, kind, role, old_role=None):
    """One Beveiligingslog row for one role change; also the entry point for
    callers outside the admin (a service or the single membership signal path)."""
    if old_role is not None:
        detail = _("%(old)s → %(new)s bij %(organisation)s") % {
            "old": _label(old_role),
            "new": _label(role),
            "organisation": organisation_name,
        }
    else:
        detail = _("%(role)s bij %(organisation)s") % {
            "role": _label(role),
            "organisation": organisation_name,
        }
    return SecurityEvent.objects.create(
        user_id=user_id, actor=actor, kind=kind, detail=detail[:300]
    )


def record_changes(actor, organisation_name, before, after):
    """Log the difference between two snapshots; returns the number of rows."""
    count = 0
    for pk, (user_id, role) in after.items():
        if pk not in before:
            record(actor, organisation_name, user_id, SecurityEvent.Kind.ROLE_ADDED, role)
            count += 1
            continue
        old_user_id, old_role = before[pk]
        if old_user_id != user_id:
            record(actor, organisation_name, old_user_id, SecurityEvent.Kind.ROLE_REMOVED, old_role)
            record(actor, organisation_name, user_id, SecurityEvent.Kind.ROLE_ADDED, role)
            count += 2
        elif old_role != role:
            record(
                actor,
                organisation_name,
                user_id,
                SecurityEvent.Kind.ROLE_CHANGED,
                role,
                old_role=old_role,
            )
            count += 1
    for pk, (user_id, role) in before.items():
        if pk not in after:
            record(actor, organisation_name, user_id, SecurityEvent.Kind.ROLE_REMOVED, role)
            count += 1
    return count
