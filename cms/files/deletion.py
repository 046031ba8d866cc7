"""Deleting stored files until the storage confirms it.

A removal (retention, a deleted draft, an anonymised aanvraag) used to delete its files
in an ``on_commit`` callback that caught ``OSError`` only: on S3 a refused or lost
connection left the pupil's files behind and nobody ever tried again.

``delete_on_commit(alias, names)`` writes one ``cms.models.PendingFileDeletion`` per
file in the caller's transaction, so the rows commit with the removal or not at all
(a rolled-back removal never loses a file a remaining row still refers to). After the
commit it tries those rows at once; what fails stays with ``attempts`` and a
``next_attempt_at`` that backs off (1, 2, 4 … minutes, at most a day). The scheduled
command ``manage.py bestanden_verwijderen`` (``SCHEDULED_JOBS``) retries the rows that
are due, in order, until each delete succeeds.

Deleting a name that is already gone succeeds on both backends (the file system
ignores it, S3 answers 204), so a retry after a delete that did reach the storage is
harmless.
"""

import datetime
import logging

from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from cms.models import PendingFileDeletion

logger = logging.getLogger(__name__)

ALIASES = ("default", "private")
FIRST_BACKOFF = datetime.timedelta(minutes=1)
MAX_BACKOFF = datetime.timedelta(days=1)
BATCH = 500


def backoff(attempts):
    """The wait after the ``attempts``-th failure: doubling from a minute, at most a day."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def delete_on_commit(alias, names):
    """Queue ``names`` of storage ``alias`` for deletion and try them after the commit."""
    if alias not in ALIASES:
        raise ValueError(f"Onbekende opslag: {alias!r}")
    names = [name for name in dict.fromkeys(names) if name]
    # One removal may name a file twice (a dossier's bijlagen and its aanvraag's).
    waiting = set(
        PendingFileDeletion.objects.filter(storage=alias, name__in=names).values_list(
            "name", flat=True
        )
    )
    names = [name for name in names if name not in waiting]
    if not names:
        return []
    now = timezone.now()
    rows = PendingFileDeletion.objects.bulk_create(
        PendingFileDeletion(storage=alias, name=name, next_attempt_at=now) for name in names
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: attempt_rows(PendingFileDeletion.objects.filter(pk__in=ids)))
    return ids


def attempt(row, now=None):
    """One delete; True when the storage confirmed it (and the row is gone)."""
    try:
        storages[row.storage].delete(row.name)
    except Exception as error:  # noqa: BLE001 - any failure of the storage is retried later
        now = now or timezone.now()
        row.attempts += 1
        row.last_error = type(error).__name__[:200]
        row.next_attempt_at = now + backoff(row.attempts)
        row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        logger.warning(
            "Bestand niet verwijderd (%s, poging %s); opnieuw na %s",
            row.last_error,
            row.attempts,
            row.next_attempt_at.isoformat(),
        )
        return False
    row.delete()
    return True


def attempt_rows(rows, now=None):
    """Try every row of ``rows``; ``(deleted, failed)``."""
    deleted = failed = 0
    for row in rows:
        if attempt(row, now):
            deleted += 1
        else:
            failed += 1
    return deleted, failed


def retry_due(now=None, limit=BATCH):
    """Retry the rows whose ``next_attempt_at`` has come; ``(deleted, failed)``."""
    now = now or timezone.now()
    due = PendingFileDeletion.objects.filter(next_attempt_at__lte=now)[:limit]
    return attempt_rows(list(due), now)


def backlog():
    """What still has to leave the storages, for the dashboard: per storage the number
    of files, how many failed at least once, the oldest and the kinds of error.

    Counts and error kinds only: a storage name may hold a sanitised upload name,
    so no name is returned. ``None`` when nothing is waiting.
    """
    rows = list(
        PendingFileDeletion.objects.values("storage")
        .annotate(
            files=Count("pk"),
            failed=Count("pk", filter=Q(attempts__gt=0)),
            oldest=Min("created_at"),
            attempts=Max("attempts"),
        )
        .order_by("storage")
    )
    if not rows:
        return None
    errors = sorted(
        set(
            PendingFileDeletion.objects.exclude(last_error="")
            .values_list("last_error", flat=True)
            .distinct()[:5]
        )
    )
    return {"storages": rows, "errors": errors, "failed": sum(row["failed"] for row in rows)}
