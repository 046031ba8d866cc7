"""The files of a purged dossier leave the storage even when the storage fails at
first: a row of pending work per file, retried with backoff until the delete
succeeds. Against the local S3 server (moto's server mode) the other S3 tests start;
the failure is real: the first delete goes to an address where nothing listens."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.files import deletion
from cms.models import PendingFileDeletion
from cms.operations.scheduler import COMMANDS, run_scheduled_command
from loket.models import Bijlage, Dossier, LogEntry
from loket.privacy.retention import rules as retention
from tests.loket.test_retention import archive, decided
from tests.storage_outage import private_storage_away

pytestmark = pytest.mark.django_db

# The local S3 server and its two buckets, as the other S3 tests use them.


def keys(s3, bucket):
    return {item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_a_delete_that_fails_once_is_retried_until_it_succeeds(
    settings, s3_storages, loket_users, school_a, django_capture_on_commit_callbacks
):
    s3, _, bucket = s3_storages
    aanvraag = decided(school_a, loket_users, naam="Sem Verbeek", days_ago=10)
    dossier = aanvraag.dossier
    names = set(Bijlage.objects.filter(aanvraag=aanvraag).values_list("file", flat=True))
    assert names and names <= keys(s3, bucket)
    archive(dossier, loket_users, days_ago=3 * 365)

    working = settings.STORAGES
    private_storage_away(settings)  # the S3 server cannot be reached for this run
    with django_capture_on_commit_callbacks(execute=True):
        summary = retention.run()

    assert summary["dossier_gearchiveerd"]["aantal"] == 1
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    # The sealed line of the purge stays in the logboek.
    assert [line.action for line in LogEntry.objects.filter(dossier_id=dossier.pk)] == [
        LogEntry.Action.VERZEGELD
    ]
    # The delete was tried after the commit and failed: the files are still there ...
    assert names <= keys(s3, bucket)
    pending = list(PendingFileDeletion.objects.all())
    assert sorted(row.name for row in pending) == sorted(names)  # each once
    for row in pending:
        assert row.storage == "private" and row.attempts == 1
        assert row.last_error == "EndpointConnectionError"
        assert row.next_attempt_at > timezone.now()
        # ... and the row holds nothing about the pupil, the dossier or the aanvraag.
        assert "Verbeek" not in row.name and aanvraag.reference not in row.name

    # Not due yet: the scheduled command leaves the rows alone.
    call_command("bestanden_verwijderen")
    assert PendingFileDeletion.objects.count() == len(names)

    settings.STORAGES = working  # the server is back
    later = timezone.now() + deletion.backoff(1) + datetime.timedelta(seconds=1)
    assert deletion.retry_due(now=later) == (len(names), 0)
    assert not names & keys(s3, bucket)
    assert not PendingFileDeletion.objects.exists()


def test_the_backoff_doubles_and_stops_at_a_day(
    settings, s3_storages, django_capture_on_commit_callbacks
):
    assert [deletion.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert deletion.backoff(30) == datetime.timedelta(days=1)

    s3, _, bucket = s3_storages
    s3.put_object(Bucket=bucket, Key="loket/2026/01/abc", Body=b"x")
    working = settings.STORAGES
    private_storage_away(settings)
    with django_capture_on_commit_callbacks(execute=True):
        deletion.delete_on_commit("private", ["loket/2026/01/abc"])
    row = PendingFileDeletion.objects.get()
    start = timezone.now()
    for attempts in (2, 3):
        assert deletion.retry_due(now=row.next_attempt_at) == (0, 1)
        previous, row = row.next_attempt_at, PendingFileDeletion.objects.get()
        assert row.attempts == attempts
        assert row.next_attempt_at - previous == deletion.backoff(attempts)
    assert row.next_attempt_at > start + datetime.timedelta(minutes=6)

    # The scheduler's task runs the same retry once the row is due and S3 is back.
    settings.STORAGES = working
    PendingFileDeletion.objects.update(next_attempt_at=timezone.now())  # time has passed
    assert "bestanden_verwijderen" in COMMANDS
    assert "bestanden_verwijderen" in settings.SCHEDULED_JOBS
    run_scheduled_command.enqueue("bestanden_verwijderen")
    assert not PendingFileDeletion.objects.exists()
    assert "loket/2026/01/abc" not in keys(s3, bucket)


def test_a_rolled_back_removal_leaves_no_pending_row(settings):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        deletion.delete_on_commit("private", ["loket/2026/01/def"])
        raise RuntimeError
    assert not PendingFileDeletion.objects.exists()


def test_an_unknown_storage_is_refused():
    with pytest.raises(ValueError, match="Onbekende opslag"):
        deletion.delete_on_commit("staticfiles", ["x"])
