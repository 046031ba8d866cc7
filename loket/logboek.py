"""Writing the logboek: one call per thing that happened to a dossier or aanvraag.

Only references go in (kenmerk, ids, a short fixed description): never answers,
file names or pupil names. ``LogEntry`` itself refuses updates and deletes.
"""

from accounts.models import Role

from .models import LogEntry, Samenvoeging
from .models.logboek import chain_owner, format_ranges, parse_ranges

# When a user holds several roles, the one that explains their access comes first.
ROLE_ORDER = [
    Role.COMMISSIE,
    Role.CONSULENT,
    Role.BEHEERDER,
    Role.PRIVACY,
    Role.SCHOOLGEBRUIKER,
    Role.EXTERNE,
    Role.FORMULIERBEHEERDER,
    Role.REDACTEUR,
]


def acting_role(user, school_id=None):
    """The role a user acts in: for a member of the school itself, schoolgebruiker."""
    if user is None or not user.is_authenticated:
        return ""
    memberships = list(user.memberships.all())
    if school_id is not None and any(
        m.role == Role.SCHOOLGEBRUIKER and m.organisation_id == school_id for m in memberships
    ):
        return Role.SCHOOLGEBRUIKER
    roles = {m.role for m in memberships}
    for role in ROLE_ORDER:
        if role in roles:
            return role
    return "superuser" if user.is_superuser else ""


def log(action, user, *, aanvraag=None, dossier=None, detail="", role=None):
    """Append one line to the logboek and return it."""
    if aanvraag is not None and dossier is None:
        dossier_id = aanvraag.dossier_id
    else:
        dossier_id = dossier.pk if dossier is not None else None
    school_id = (
        aanvraag.school_id if aanvraag is not None else (dossier.school_id if dossier else None)
    )
    authenticated = user is not None and user.is_authenticated
    return LogEntry.objects.create(
        user=user if authenticated else None,
        actor=user.email if authenticated else "",
        role=role if role is not None else acting_role(user, school_id),
        action=action,
        dossier_id=dossier_id,
        aanvraag=aanvraag,
        reference=aanvraag.reference if aanvraag is not None else "",
        detail=detail[:200],
    )


def dossier_history_ids(dossier):
    """The ids whose logboek lines make up ``dossier``'s logboek: its own and those
    of every dossier merged into it (``Samenvoeging``: the lines are never moved)."""
    merged = Samenvoeging.objects.filter(dossier_id=dossier.pk).values_list(
        "merged_dossier_id", flat=True
    )
    return [dossier.pk, *merged]


def dossier_lines(dossier):
    """``dossier``'s logboek, newest first, merged dossiers' lines included."""
    return LogEntry.objects.filter(dossier_id__in=dossier_history_ids(dossier)).order_by(
        "-at", "-pk"
    )


def entries_visible_to(user):
    """Logboek lines about the dossiers and aanvragen ``user`` may see."""
    from django.db.models import Q

    from permissions import policy

    if policy.sees_everything(user):
        return LogEntry.objects.all()
    visible = policy.dossiers_visible_to(user).values("pk")
    merged = Samenvoeging.objects.filter(dossier_id__in=visible).values("merged_dossier_id")
    return LogEntry.objects.filter(
        Q(dossier_id__in=visible)
        | Q(dossier_id__in=merged)
        | Q(aanvraag_id__in=policy.aanvragen_visible_to(user).values("pk"))
    )


# The PostgreSQL trigger (migrations 0002 and 0006) lets a DELETE through only
# while this transaction-local setting is on. Only ``purge`` turns it on.
RETENTION_SETTING = "swv.bewaartermijn"


def purge(*, dossier_ids=(), aanvraag_ids=(), note=None):
    """Delete the logboek lines of dossiers/aanvragen that retention removes.

    The one delete path of the logboek, for ``loket.privacy.retention.rules`` only: it must run
    inside the transaction that deletes the dossier itself, and it switches the
    trigger's setting on with ``set_config(..., true)`` (= ``SET LOCAL``), so the
    permission ends with that transaction even if something below fails. UPDATE
    stays forbidden. Every chain that lost lines gets a sealed last line (``seal``),
    so what remains still verifies; ``note`` replaces its standard text (a restore that
    re-applies a purge says so). Returns the number of lines deleted.
    """
    from django.db import connection
    from django.db.models import Q

    if not connection.in_atomic_block:
        raise RuntimeError("Het logboek wordt alleen binnen een transactie opgeschoond.")
    dossier_ids, aanvraag_ids = list(dossier_ids), list(aanvraag_ids)
    if not dossier_ids and not aanvraag_ids:
        return 0
    lines = LogEntry.objects.filter(Q(dossier_id__in=dossier_ids) | Q(aanvraag_id__in=aanvraag_ids))
    removed = _removed_per_chain(lines)
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SELECT set_config(%s, 'aan', true)", [RETENTION_SETTING])
        try:
            # QuerySet.delete() is refused by AppendOnlyQuerySet on purpose; a raw
            # delete is the deliberate exception (no signals, no cascade: nothing
            # refers to a logboek line).
            deleted = lines._raw_delete(connection.alias)
        finally:
            if postgres:
                cursor.execute("SELECT set_config(%s, 'uit', true)", [RETENTION_SETTING])
    for chain, (count, seqs) in sorted(removed.items()):
        seal(chain, count, seqs, note)
    return deleted


def _removed_per_chain(lines):
    """Per chain: how many lines go now, and every sequence number the seal must
    account for - those lines and what the seals among them accounted for."""
    removed = {}
    for chain, seq, action, earlier in lines.values_list("chain", "seq", "action", "removed_seqs"):
        if not chain:
            continue
        count, seqs = removed.get(chain, (0, set()))
        seqs.add(seq)
        if action == LogEntry.Action.VERZEGELD:
            seqs |= parse_ranges(earlier)
        removed[chain] = (count + 1, seqs)
    return removed


def seal(chain, count, seqs, note=None):
    """The sealed line retention leaves in a chain: which sequence numbers were
    removed and how many lines, linked to the removed head, without anyone's name,
    kenmerk or detail - so the chain still verifies and shows that lines went."""
    dossier_id, aanvraag_id = chain_owner(chain)
    return LogEntry.objects.create(
        action=LogEntry.Action.VERZEGELD,
        role="systeem",
        dossier_id=dossier_id,
        aanvraag_id=aanvraag_id,
        detail=(note or "{count} regels verwijderd na de bewaartermijn").format(count=count),
        removed_seqs=format_ranges(seqs),
    )
