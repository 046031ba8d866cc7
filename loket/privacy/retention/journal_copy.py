"""A copy of the purge journal outside the database, beside the backups.

Why: ``journal.before()`` reads the purges since the backup from the *live* database.
When that database is lost (the reason to restore at all) or the restore goes into a
new, empty one, it has nothing to read, and the backup would bring back every dossier
erased or purged after it. So each ``PurgeRecord`` is also written, after its commit,
as one small JSON file in the backups storage (``purgejournaal/``; rotation only
touches the backups at the top level). Ids, action, reason and moment only - no
personal data, like the record itself. A restore reads the database's journal and
these copies together.
"""

import datetime
import json
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

logger = logging.getLogger(__name__)

FOLDER = "purgejournaal"


def _storage():
    return storages["backups"]


def keep_on_commit(record):
    """Write the copy of ``record`` once its transaction commits (a rolled-back purge
    leaves none)."""
    values = {
        "kind": record.kind,
        "object_id": record.object_id,
        "action": record.action,
        "reason": record.reason,
        "purged_at": record.purged_at.astimezone(datetime.UTC).isoformat(),
    }
    name = f"{FOLDER}/{record.purged_at:%Y%m%dT%H%M%S%f}-{record.kind}-{record.object_id}.json"
    transaction.on_commit(lambda: _write(name, values))


def _write(name, values):
    try:
        _storage().save(name, ContentFile(json.dumps(values).encode()))
    except Exception:  # noqa: BLE001 - the record in the database stands; say it loud
        logger.exception("Kopie van het verwijderjournaal niet geschreven: %s", name)


def copies(fields):
    """Every copy as a tuple in the order of ``fields`` (empty when there are none)."""
    storage = _storage()
    try:
        _dirs, files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    rows = []
    for name in sorted(files):
        with storage.open(f"{FOLDER}/{name}") as handle:
            values = json.loads(handle.read())
        values["purged_at"] = datetime.datetime.fromisoformat(values["purged_at"])
        rows.append(tuple(values[field] for field in fields))
    return rows
