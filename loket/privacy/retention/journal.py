"""The purge journal: a restore never silently brings back a purged dossier.

Every removal by retention or by an AVG erasure (``removal.remove_dossier`` and
``remove_aanvraag``) writes a ``PurgeRecord`` (``removal.note_purge``) in its transaction:
kind, id, action, reason and moment - no personal data. A restore (``cms.operations.backup``) calls
``before()`` on the live database before replacing it, and ``after()`` on the restored one:
the records the backup did not know yet are written back, and every dossier or aanvraag
they name that the backup brought back is removed again, the same way, with a logboek
seal that says it was re-applied after a restore.

Ids are reused: the restored sequences are those of the backup, so a dossier made after
the restore can get the id of one purged before it. A purge is re-applied only to a row
that already existed when it was purged (``created_at``/``submitted_at`` not after it).
"""

from django.db import connection, transaction

from loket.models import Aanvraag, Bewaartermijn, Dossier, PurgeRecord
from loket.privacy.retention import journal_copy
from loket.privacy.retention.removal import remove_aanvraag, remove_dossier

FIELDS = ("kind", "object_id", "action", "reason", "purged_at")
REAPPLIED_NOTE = "{count} regels opnieuw verwijderd na het terugzetten van een back-up"


def before():
    """The live database's journal and its copies beside the backups
    (``journal_copy``), as plain tuples, oldest first. An empty or new target database
    has no journal; the copies still know what was purged after the backup."""
    rows = set(journal_copy.copies(FIELDS))
    if PurgeRecord._meta.db_table in connection.introspection.table_names():
        rows.update(PurgeRecord.objects.values_list(*FIELDS))
    return sorted(rows, key=lambda row: (row[FIELDS.index("purged_at")], row))


def after(remembered):
    """Write back what the restored journal misses and apply those purges again;
    return one line per re-applied purge for the operator (ids only)."""
    known = set(PurgeRecord.objects.values_list(*FIELDS))
    lines = []
    for row in remembered:
        if row in known:
            continue  # purged before the backup: the backup does not hold it
        values = dict(zip(FIELDS, row, strict=True))
        with transaction.atomic():
            PurgeRecord.objects.create(**values)
            if _reapply(values):
                lines.append(
                    f"Opnieuw verwijderd na het terugzetten: {values['kind']} "
                    f"{values['object_id']} (sinds de back-up: {values['reason']})."
                )
    return lines


def _reapply(values):
    if values["kind"] == PurgeRecord.Kind.DOSSIER:
        dossier = Dossier.objects.filter(
            pk=values["object_id"], created_at__lte=values["purged_at"]
        ).first()
        if dossier is None:
            return False
        remove_dossier(
            dossier, values["action"], values["reason"], note=REAPPLIED_NOTE, record=False
        )
        return True
    aanvraag = Aanvraag.objects.filter(
        pk=values["object_id"], submitted_at__lte=values["purged_at"]
    ).first()
    if aanvraag is None:
        return False
    if values["action"] == Bewaartermijn.Actie.ANONIMISEREN and (
        aanvraag.dossier_id is None and aanvraag.answers == {}
    ):
        return False  # anonymised in the backup already
    remove_aanvraag(aanvraag, values["action"], values["reason"], record=False)
    return True
