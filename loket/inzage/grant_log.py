"""The loket's side of inzage: grant events go into the dossier's logboek.

``permissions.grants`` sends ``grant_changed``; the loket owns the logboek, so
it listens (the dependency points from the loket to permissions, never back).
"""

from django.utils import formats

from loket.logboek import log
from loket.models import LogEntry

ACTIONS = {
    "verleend": LogEntry.Action.INZAGE_VERLEEND,
    "beeindigd": LogEntry.Action.INZAGE_BEEINDIGD,
    "ingetrokken": LogEntry.Action.INZAGE_INGETROKKEN,
    "verlopen": LogEntry.Action.INZAGE_VERLOPEN,
}


def grantee_label(grant):
    """Who received the grant: a professional or an organisation, never the pupil."""
    if grant.grantee_organisation_id:
        return grant.grantee_organisation.name
    user = grant.grantee_user
    return user.get_full_name() or user.email


def log_grant_change(sender, grant, action, by=None, **kwargs):
    ends = formats.date_format(grant.ends_on, "d-m-Y")
    log(
        ACTIONS[action],
        by,
        dossier=grant.dossier,
        detail=f"inzage {grant.pk}: {grantee_label(grant)} t/m {ends}",
        role=None if by is not None else "systeem",
    )
