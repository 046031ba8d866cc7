"""The purge journal (``loket.privacy.retention.journal``): what a restore re-applies.

Unit tests on the real database; the whole flow through ``manage.py backup`` and
``restore`` is in ``tests/cms/test_backup_restore.py``."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.files.storage import private_storage
from cms.operations.backup.hooks import restore_hooks
from loket.models import Aanvraag, Dossier, LogEntry, PurgeRecord
from loket.privacy.retention import journal, journal_copy
from loket.privacy.retention import rules as retention
from tests.loket.helpers import make_aanvraag
from tests.loket.test_retention import archive, decided

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_journal_copies():
    """The copies live in the session's backups storage; each test starts without."""
    from django.core.files.storage import storages

    storage = storages["backups"]
    if storage.exists(journal_copy.FOLDER):
        for name in storage.listdir(journal_copy.FOLDER)[1]:
            storage.delete(f"{journal_copy.FOLDER}/{name}")


def remembered(kind, object_id, purged_at, action="verwijderen", reason="wissing"):
    return (kind, object_id, action, reason, purged_at)


def test_retention_notes_each_removal_with_ids_only(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = decided(school_a, loket_users, naam="Oude Leerling", days_ago=1100)
    archive(aanvraag.dossier, loket_users, days_ago=3 * 365)
    with django_capture_on_commit_callbacks(execute=True):
        retention.run()
    rows = set(PurgeRecord.objects.values_list("kind", "object_id", "reason"))
    assert rows == {
        ("dossier", aanvraag.dossier_id, "bewaartermijn"),
        ("aanvraag", aanvraag.pk, "bewaartermijn"),
    }
    assert "Oude Leerling" not in str(list(PurgeRecord.objects.values()))


def test_the_loket_registers_its_journal_as_a_restore_hook():
    hook = restore_hooks["loket_purges"]
    assert (hook.before, hook.after) == (journal.before, journal.after)


def test_after_removes_again_what_the_live_database_had_purged(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Teruggekomen Leerling")
    dossier_id = aanvraag.dossier_id
    names = list(aanvraag.bijlagen.values_list("file", flat=True))
    later = timezone.now() + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        lines = journal.after([remembered("dossier", dossier_id, later)])
    assert lines == [
        f"Opnieuw verwijderd na het terugzetten: dossier {dossier_id} (sinds de back-up: wissing)."
    ]
    assert not Dossier.objects.filter(pk=dossier_id).exists()
    assert not any(private_storage().exists(name) for name in names)
    seal = LogEntry.objects.get(dossier_id=dossier_id)
    assert seal.action == LogEntry.Action.VERZEGELD
    assert "opnieuw verwijderd na het terugzetten van een back-up" in seal.detail
    # The journal line is written back once; removing is not noted a second time.
    assert list(PurgeRecord.objects.values_list("kind", "object_id", "purged_at")) == [
        ("dossier", dossier_id, later)
    ]
    call_command("verify_logboek")  # the chain still verifies


def test_a_reused_id_is_not_removed(loket_users, school_a):
    """The restored sequences are the backup's: a dossier made after the restore can get
    the id of one purged before it. A purge touches only a row older than itself."""
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    before_it_existed = aanvraag.dossier.created_at - datetime.timedelta(days=1)
    lines = journal.after(
        [
            remembered("dossier", aanvraag.dossier_id, before_it_existed),
            remembered("aanvraag", aanvraag.pk, aanvraag.submitted_at - datetime.timedelta(1)),
        ]
    )
    assert lines == []
    assert Dossier.objects.filter(pk=aanvraag.dossier_id).exists()
    assert Aanvraag.objects.filter(pk=aanvraag.pk).exists()
    assert PurgeRecord.objects.count() == 2  # remembered all the same


def test_what_the_backup_knew_already_is_left_alone(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    row = remembered("dossier", aanvraag.dossier_id, timezone.now())
    PurgeRecord.objects.create(**dict(zip(journal.FIELDS, row, strict=True)))
    assert journal.before() == [row]
    assert journal.after([row]) == []
    assert Dossier.objects.filter(pk=aanvraag.dossier_id).exists()


def test_a_restore_into_an_empty_database_still_knows_the_purges_after_the_backup(
    loket_users, school_a, django_capture_on_commit_callbacks, make_user
):
    """The live database is gone (or the target is new): ``before()`` finds no journal
    there, but each purge also left a copy beside the backups. Both an AVG erasure and a
    retention purge come back from those copies and are applied again."""
    from accounts.models import Role
    from loket.models import AvgVerzoek
    from loket.privacy.verzoeken import services as verzoeken

    fg = make_user(Role.PRIVACY, email="fg@swv.example")
    erased = make_aanvraag(school_a, loket_users["school_a"], naam="Gewiste Leerling")
    old = decided(school_a, loket_users, naam="Oude Leerling")
    archive(old.dossier, loket_users, days_ago=3 * 365)
    verzoek = verzoeken.register(
        fg, erased.dossier.leerling, AvgVerzoek.Soort.WISSING, timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        verzoeken.erase(verzoek, fg, erased.dossier_id)
        retention.run()
    purged = set(PurgeRecord.objects.values_list(*journal.FIELDS))
    assert {(row[0], row[1], row[3]) for row in purged} >= {
        ("dossier", erased.dossier_id, "wissing"),
        ("dossier", old.dossier_id, "bewaartermijn"),
    }
    assert set(journal_copy.copies(journal.FIELDS)) == purged
    stored = "".join(
        str(journal_copy._storage().open(f"{journal_copy.FOLDER}/{name}").read())
        for name in journal_copy._storage().listdir(journal_copy.FOLDER)[1]
    )
    assert "Gewiste" not in stored and "Oude" not in stored

    # The restored database: the backup's rows are back, its journal knows nothing.
    PurgeRecord.objects.all().delete()
    assert set(journal.before()) == purged
    back = make_aanvraag(school_a, loket_users["school_a"], naam="Teruggekomen Leerling")
    later = timezone.now() + datetime.timedelta(minutes=1)
    lost = PurgeRecord(
        kind="dossier", object_id=back.dossier_id, action="verwijderen", reason="wissing",
        purged_at=later,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        journal_copy.keep_on_commit(lost)  # what the lost live database left beside the backups
    with django_capture_on_commit_callbacks(execute=True):
        lines = journal.after(journal.before())
    assert f"Opnieuw verwijderd na het terugzetten: dossier {back.dossier_id}" in "".join(lines)
    assert not Dossier.objects.filter(pk=back.dossier_id).exists()
    assert len(lines) == 1  # the purged ones are not in the database to remove again
    assert PurgeRecord.objects.count() == len(purged) + 1
