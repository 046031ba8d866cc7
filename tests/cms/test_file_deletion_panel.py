"""The dashboard tells the beheerder and the privacy officer when a storage keeps a
file that retention or an erasure removed (issue 27: "file deletion is retried until
it succeeds (kept as work for the worker, not forgotten after the commit)").

The failure is real: the storage name is a directory with something in it, which
the file storage cannot remove. Counts and the kind of error are shown, never the
name, which may hold a sanitised upload name.
"""

import os

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from accounts.models import Role
from cms.files import deletion
from cms.models import PendingFileDeletion
from devkit.clients import login_verified

pytestmark = pytest.mark.django_db
NAME = "formulieren/3f2a/OPP_Jan_de_Vries.pdf"
HEADING = "Bestanden die nog verwijderd moeten worden"


@pytest.fixture
def stuck_file():
    """A pending delete the private storage refuses: a directory that is not empty."""
    root = storages["private"].path(NAME)
    os.makedirs(os.path.join(root, "binnen"), exist_ok=True)
    open(os.path.join(root, "binnen", "x"), "w").close()
    row = PendingFileDeletion.objects.create(
        storage="private", name=NAME, next_attempt_at=timezone.now()
    )
    assert deletion.attempt(row) is False
    return row


def test_the_beheerder_sees_a_failed_delete_without_its_name(client, users, stuck_file):
    login_verified(client, users["beheerder"])

    page = client.get("/admin/").content.decode()

    assert HEADING in page
    assert "Het verwijderen van 1 bestand is mislukt" in page
    assert "private" in page and "OSError" in page
    assert "Jan" not in page and "OPP_" not in page


def test_the_privacy_officer_sees_it_too(client, make_user, stuck_file):
    login_verified(client, make_user(Role.PRIVACY, email="fg@swv.example"))
    assert HEADING in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["redacteur", "consulent", "formulierbeheerder"])
def test_other_staff_do_not_see_it(client, users, stuck_file, role):
    login_verified(client, users[role])
    assert HEADING not in client.get("/admin/").content.decode()


def test_a_file_waiting_for_its_first_attempt_is_no_news(client, users):
    PendingFileDeletion.objects.create(
        storage="private", name="formulieren/nieuw.pdf", next_attempt_at=timezone.now()
    )
    login_verified(client, users["beheerder"])
    assert HEADING not in client.get("/admin/").content.decode()


def test_the_backlog_counts_per_storage(stuck_file):
    PendingFileDeletion.objects.create(
        storage="private", name="formulieren/nieuw.pdf", next_attempt_at=timezone.now()
    )
    waiting = deletion.backlog()
    assert waiting["failed"] == 1
    assert [
        (r["storage"], r["files"], r["failed"], r["attempts"]) for r in waiting["storages"]
    ] == [("private", 2, 1, 1)]
    assert waiting["errors"] == ["OSError"]
