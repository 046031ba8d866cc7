"""The logboek is append-only: in code, and on PostgreSQL in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from loket.models import LogEntry
from tests.loket.helpers import make_aanvraag

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="De trigger bestaat alleen op PostgreSQL."
)


@pytest.fixture
def entry(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    return LogEntry.objects.get(aanvraag=aanvraag, action="ingediend")


def test_code_has_no_update_or_delete_path(entry):
    entry.detail = "gewijzigd"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        LogEntry.objects.filter(pk=entry.pk).update(detail="x")
    with pytest.raises(PermissionError):
        LogEntry.objects.filter(pk=entry.pk).delete()


def test_entries_hold_no_pupil_names_or_answers(entry):
    for value in (entry.actor, entry.role, entry.reference, entry.detail):
        assert "Sanne" not in value and "coaching" not in value


@postgresql_only
def test_database_trigger_rejects_update_and_delete(entry):
    with connection.cursor() as cursor:
        for sql in (
            "UPDATE loket_logentry SET detail = 'gewijzigd' WHERE id = %s",
            "DELETE FROM loket_logentry WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="alleen aan te vullen"), transaction.atomic():
                cursor.execute(sql, [entry.pk])
    assert LogEntry.objects.get(pk=entry.pk).detail == ""
