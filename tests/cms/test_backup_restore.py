"""Backup and restore, proven end to end as an operator runs them: ``manage.py backup``
and ``manage.py restore`` as separate processes, from the test database and its real
storage folders into a NEW empty database (PostgreSQL: created here; SQLite: a new file)
and new empty storage folders. Every aanvraag, bijlage (by checksum), public document
and logboek line must be found back."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pyrage
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from pyrage import x25519
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.operations.backup.archive import generate_key
from loket.logboek import log
from loket.models import Aanvraag, Bijlage, FormeelDocument, LogEntry
from tests.database_url import database_url
from tests.loket.helpers import make_aanvraag, stored_file
from tests.s3 import s3_client

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


# The operator's key pair: the server that backs up holds only the public half.
IDENTITY, RECIPIENT = generate_key()


def manage(*args, url, root, check=True, key=IDENTITY, recipient=RECIPIENT, extra=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(root / "media"),
        "PRIVATE_STORAGE_ROOT": str(root / "private"),
        "BACKUP_ROOT": str(root / "backups"),
        "CACHE_DIR": str(root / "cache"),
        "REDIS_URL": "",
        "S3_BUCKET": "",
        "S3_PRIVATE_BUCKET": "",
        "BACKUP_S3_BUCKET": "",
        "BACKUP_AGE_RECIPIENTS": recipient,
        "BACKUP_AGE_IDENTITY": key,
        "BACKUP_AGE_IDENTITY_FILE": "",
        **(extra or {}),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


TABLES = (
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    if connection.vendor == "postgresql"
    else "SELECT name FROM sqlite_master WHERE type = 'table'"
)


def manifest_of(raw, key=IDENTITY):
    """The manifest inside an archive, read with the age format itself (any age tool can)."""
    plain = pyrage.decrypt(raw, [x25519.Identity.from_str(key)])
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


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
    # The server that backs up holds only the public key: it cannot read its own backups.
    done = manage("backup", str(backup_dir), url=database_url(), root=source / "src", key="")
    (archive,) = backup_dir.glob("swv-backup-*.tar.age")
    assert str(archive) in done.stdout
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    raw = archive.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    assert b"Leerling 0" not in raw and b"manifest" not in raw and b"pdf 0" not in raw
    manifest = manifest_of(raw)
    assert {(e["name"], e["sha256"]) for e in manifest["files"] if e["storage"] == "private"} == (
        expected_private
    )
    assert manifest["missing"] == []

    url, query = target_database
    target = source / "target"

    # A changed byte, or the wrong key: refused before the database or a storage is touched.
    damaged = source / "damaged" / archive.name
    damaged.parent.mkdir()
    damaged.write_bytes(
        raw[: len(raw) // 2] + bytes([raw[len(raw) // 2] ^ 1]) + raw[len(raw) // 2 + 1 :]
    )
    result = manage("restore", str(damaged), url=url, root=target, check=False)
    assert result.returncode != 0
    assert "beschadigd of veranderd" in result.stderr
    wrong_key = manage(
        "restore", str(archive), url=url, root=target, check=False, key=generate_key()[0]
    )
    assert wrong_key.returncode != 0
    assert "niet met deze sleutel" in wrong_key.stderr
    assert not (target / "private").exists() and not (target / "media").exists()
    assert query(TABLES) == []

    restored = manage("restore", str(archive), url=url, root=target)
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
    again = manage("restore", str(archive), url=url, root=target, check=False)
    assert again.returncode != 0
    assert "niet leeg" in again.stderr


# Run in the restored site: an AVG erasure of one dossier, the way the register does it.
ERASE = """
from django.db import transaction
from loket.models import Bewaartermijn, Dossier, PurgeRecord
from loket.privacy.retention.removal import remove_dossier
with transaction.atomic():
    remove_dossier(Dossier.objects.get(pk={pk}), Bewaartermijn.Actie.VERWIJDEREN,
                   reason=PurgeRecord.Reason.WISSING)
"""


@pytest.mark.slow
def test_a_restore_removes_again_what_was_purged_after_the_backup(
    source, target_database, users, school_a, school_b
):
    """Backup; the restored site erases a dossier (AVG art. 17); the same backup is restored
    over it (``--force``, and without retention, so that cannot be what removes it): the
    dossier, its files and its logboek lines are gone again, and the logboek says why."""
    erased, kept, _other = make_demo_like_data(users, school_a, school_b)
    erased_files = list(erased.bijlagen.values_list("file", flat=True))
    backup_dir = source / "backup"
    manage("backup", str(backup_dir), url=database_url(), root=source / "src", key="")
    (archive,) = backup_dir.glob("*.tar.age")
    url, query = target_database
    target = source / "target"
    manage("restore", str(archive), url=url, root=target)
    assert query(f"SELECT id FROM loket_dossier WHERE id = {erased.dossier_id}") != []

    manage("shell", "-c", ERASE.format(pk=erased.dossier_id), url=url, root=target)
    assert query(f"SELECT id FROM loket_dossier WHERE id = {erased.dossier_id}") == []
    assert not any((target / "private" / name).exists() for name in erased_files)

    again = manage("restore", str(archive), "--force", "--skip-retention", url=url, root=target)
    assert f"Opnieuw verwijderd na het terugzetten: dossier {erased.dossier_id}" in again.stdout
    assert query(f"SELECT id FROM loket_dossier WHERE id = {erased.dossier_id}") == []
    assert query(f"SELECT id FROM loket_aanvraag WHERE id = {erased.pk}") == []
    assert not any((target / "private" / name).exists() for name in erased_files)
    assert query(f"SELECT id FROM loket_aanvraag WHERE id = {kept.pk}") == [(kept.pk,)]
    # The journal knows it (ids only) and the dossier's chain ends in a seal that says why.
    assert query(
        "SELECT kind, object_id, reason FROM loket_purgerecord WHERE kind = 'dossier'"
    ) == [("dossier", erased.dossier_id, "wissing")]
    lines = query(
        f"SELECT action, detail, actor, reference FROM loket_logentry "
        f"WHERE dossier_id = {erased.dossier_id}"
    )
    assert [(action, actor, reference) for action, _detail, actor, reference in lines] == [
        ("verzegeld", "", "")
    ]
    assert "opnieuw verwijderd na het terugzetten van een back-up" in lines[0][1]
    assert "Logboek in orde" in manage("verify_logboek", url=url, root=target).stdout
    # A second restore of the same backup does it again, and only once per purge.
    third = manage("restore", str(archive), "--force", "--skip-retention", url=url, root=target)
    assert third.stdout.count("Opnieuw verwijderd") == 1
    assert query("SELECT count(*) FROM loket_purgerecord WHERE kind = 'dossier'") == [(1,)]


@pytest.fixture
def s3_site(settings, s3_endpoint):
    """The site's media and private files in S3 buckets, a bucket for the backups, and
    two empty buckets for the restored site; the environment a process gets for each."""
    client = s3_client(s3_endpoint)
    tag = uuid.uuid4().hex[:8]
    buckets = {
        name: f"{name}-{tag}"
        for name in ("media", "private", "backups", "media-new", "private-new")
    }
    for bucket in buckets.values():
        client.create_bucket(Bucket=bucket)
    common = {
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": buckets["media"], "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": buckets["private"]},
        },
    }

    def env(media, private):
        return {
            "S3_ENDPOINT_URL": s3_endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "test",
            "S3_SECRET_ACCESS_KEY": "test",
            "S3_BUCKET": buckets[media],
            "S3_PRIVATE_BUCKET": buckets[private],
            "BACKUP_S3_BUCKET": buckets["backups"],
        }

    return client, buckets, env


def keys_of(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


@pytest.mark.slow
def test_restore_from_and_into_s3(tmp_path, s3_site, target_database, users, school_a, school_b):
    """The nightly job's way: ``backup`` without a folder writes to the backups bucket;
    ``restore --latest`` takes the newest from there into a new database and new buckets."""
    client, buckets, env = s3_site
    make_demo_like_data(users, school_a, school_b)
    expected = {(b.file.name, b.sha256) for b in Bijlage.objects.all()}
    assert set(keys_of(client, buckets["private"])) >= {name for name, _sha in expected}

    done = manage(
        "backup", url=database_url(), root=tmp_path / "src", key="", extra=env("media", "private")
    )
    (name,) = keys_of(client, buckets["backups"])
    assert name.startswith("swv-backup-") and name.endswith(".tar.age")
    assert f"backups:{name}" in done.stdout
    body = client.get_object(Bucket=buckets["backups"], Key=name)["Body"].read()
    assert body.startswith(b"age-encryption.org/v1") and b"manifest" not in body

    url, query = target_database
    restored = manage(
        "restore", "--latest", url=url, root=tmp_path / "new", extra=env("media-new", "private-new")
    )
    assert "Teruggezet" in restored.stdout and "Bewaartermijnen toegepast." in restored.stdout
    rows = set(query("SELECT file, sha256 FROM loket_bijlage"))
    assert rows == expected
    for file_name, sha in rows:
        data = client.get_object(Bucket=buckets["private-new"], Key=file_name)["Body"].read()
        assert hashlib.sha256(data).hexdigest() == sha
    ((document_name,),) = query("SELECT file FROM wagtaildocs_document")
    assert document_name in keys_of(client, buckets["media-new"])
