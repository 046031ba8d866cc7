"""Backup and restore, proven end to end as an operator runs them: ``manage.py backup``
and ``manage.py restore`` as separate processes, from the test database and its real
storage folders into a NEW empty database (PostgreSQL: created here; SQLite: a new file)
and new empty storage folders. Every aanvraag, bijlage (by checksum), public document
and logboek line must be found back."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.models import Collection

from loket.logboek import log
from loket.models import Aanvraag, Bijlage, FormeelDocument, LogEntry
from tests.database_url import database_url
from tests.loket.helpers import make_aanvraag, stored_file

# serialized_rollback: the flush at the end must not take the Wagtail tree from later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def source(settings, tmp_path):
    """Real folders for both storages, shared with the backup process."""
    settings.MEDIA_ROOT = tmp_path / "src" / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "src" / "private"), "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def target_database(tmp_path):
    """An empty database of the same kind as the test database; dropped afterwards."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda sql: sqlite3.connect(path).execute(sql).fetchall()
        return
    name = f"swv_restore_{uuid.uuid4().hex[:10]}"
    base = f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
    with psycopg.connect(base + "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def query(sql):
        with psycopg.connect(base + name) as conn:
            return conn.execute(sql).fetchall()

    try:
        yield base + name, query
    finally:
        with psycopg.connect(base + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, url, root, check=True):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(root / "media"),
        "PRIVATE_STORAGE_ROOT": str(root / "private"),
        "CACHE_DIR": str(root / "cache"),
        "REDIS_URL": "",
        "S3_BUCKET": "",
        "S3_PRIVATE_BUCKET": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def make_demo_like_data(users, school_a, school_b):
    aanvragen = [
        make_aanvraag(
            school, users[key], naam=f"Leerling {i}", files=[stored_file(data=f"pdf {i}".encode())]
        )
        for i, (school, key) in enumerate(
            [(school_a, "school_a"), (school_a, "school_a"), (school_b, "school_b")]
        )
    ]
    for aanvraag in aanvragen:
        log(LogEntry.Action.BEKEKEN, users["consulent"], aanvraag=aanvraag)
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    Document = get_document_model()
    document = Document(title="Folder")
    document.file.save("folder.pdf", ContentFile(b"%PDF publiek"), save=False)
    document._set_document_file_metadata()
    document.save()
    return aanvragen


@pytest.mark.slow
def test_restore_into_empty_database_and_storage_finds_everything_back(
    source, target_database, users, school_a, school_b
):
    make_demo_like_data(users, school_a, school_b)
    expected_aanvragen = set(Aanvraag.objects.values_list("reference", flat=True))
    expected_bijlagen = {(b.file.name, b.sha256) for b in Bijlage.objects.all()}
    # The formal documents (ontvangstbevestiging) are private files too.
    expected_private = expected_bijlagen | {
        (d.file.name, d.sha256) for d in FormeelDocument.objects.all()
    }
    expected_log = set(
        LogEntry.objects.values_list("id", "action", "reference", "actor").order_by("id")
    )
    assert len(expected_aanvragen) == 3 and len(expected_bijlagen) == 3
    assert len(expected_log) >= 6

    backup_dir = source / "backup"
    manage("backup", str(backup_dir), url=database_url(), root=source / "src")
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert {(e["name"], e["sha256"]) for e in manifest["files"] if e["storage"] == "private"} == (
        expected_private
    )
    assert manifest["missing"] == []
    assert oct((backup_dir).stat().st_mode & 0o777) == "0o700"

    url, query = target_database
    target = source / "target"

    # A damaged backup is refused before anything is written.
    damaged = source / "damaged"
    shutil.copytree(backup_dir, damaged)
    entry = next(e for e in manifest["files"] if e["storage"] == "private")
    (damaged / "files" / "private" / entry["name"]).write_bytes(b"beschadigd")
    result = manage("restore", str(damaged), url=url, root=target, check=False)
    assert result.returncode != 0
    assert "klopt niet met het manifest" in result.stderr
    assert not (target / "private").exists()

    restored = manage("restore", str(backup_dir), url=url, root=target)
    # A restored older backup is followed by a retention run (the bewaartermijnen command).
    assert "Bewaartermijnen toegepast." in restored.stdout
    assert "LET OP" not in restored.stderr

    assert {r[0] for r in query("SELECT reference FROM loket_aanvraag")} == expected_aanvragen
    rows = query("SELECT file, sha256 FROM loket_bijlage")
    assert set(rows) == expected_bijlagen
    for name, sha in rows:  # the files themselves, by checksum, in the new storage
        assert hashlib.sha256((target / "private" / name).read_bytes()).hexdigest() == sha
    assert (
        set(query("SELECT id, action, reference, actor FROM loket_logentry ORDER BY id"))
        == expected_log
    )
    ((document_name, file_hash),) = query("SELECT file, file_hash FROM wagtaildocs_document")
    assert hashlib.sha1((target / "media" / document_name).read_bytes()).hexdigest() == file_hash

    # The restored database is live: new rows get fresh ids, the logboek stays append-only.
    if connection.vendor == "postgresql":
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            query("UPDATE loket_logentry SET detail = 'x'")
        next_id = query("SELECT nextval('loket_logentry_id_seq')")[0][0]
        assert next_id > max(row[0] for row in expected_log)

    # A second restore into the now non-empty target is refused.
    again = manage("restore", str(backup_dir), url=url, root=target, check=False)
    assert again.returncode != 0
    assert "niet leeg" in again.stderr
