"""A consistent snapshot of the whole site in a private folder: the database and both storages.

The folder is the inside of a backup archive (``cms.operations.backup.archive`` packs and
encrypts it, ``restoring`` puts it back).

Why the database's own dump, not ``dumpdata``: a JSON dump of a Wagtail site does not
load back into a migrated database without conflicts (the root page, site, locale and
content types that migrations create), and it loses what is not a model row: sequences,
and the PostgreSQL trigger that keeps the logboek append-only (loket migration 0002).
So PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with
``pg_restore --single-transaction`` (all or nothing); the SQLite demo is copied with
SQLite's online backup API. Both give a byte-exact database, trigger included.

Consistency: the files to copy are read from the rows *in the same snapshot* the dump
is made from. On PostgreSQL the command opens a REPEATABLE READ transaction, exports
its snapshot and hands it to ``pg_dump --snapshot``; on SQLite it holds the write lock
(``BEGIN IMMEDIATE``) while copying the database and listing the files. Files are
copied afterwards through the storage API (folders or S3 alike), each with its SHA-256
in ``manifest.json``; the manifest is written last, so a backup without one is
incomplete. Orphan files (no row refers to them) are not data and are not copied.

The folder holds pupil data in plaintext: it is created readable by its owner only, lives
only while the archive is written (or read), and is removed afterwards.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.files.storage import storages
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from cms.files.storage import PrivateStorage

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
STORAGE_ALIASES = ("default", "private")
CHUNK = 1024 * 1024


def file_fields():
    """Every (model, field) that stores a file name, with the storage alias it uses."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                alias = "private" if isinstance(field.storage, PrivateStorage) else "default"
                yield model, field, alias


def referenced_files(execute):
    """``{alias: set(names)}`` of every file a row refers to, read with ``execute(sql)``
    (a cursor of the snapshot, or of the SQLite copy itself)."""
    found = {alias: set() for alias in STORAGE_ALIASES}
    for model, field, alias in file_fields():
        table, column = model._meta.db_table, field.column
        rows = execute(
            # Table and column names come from the models, not from input.
            f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL AND "{column}" <> \'\''  # noqa: S608
        )
        found[alias].update(row[0] for row in rows)
    return found


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pg_command(program, settings_dict):
    """Arguments and environment for a PostgreSQL client program on Django's database."""
    args = [program, "--no-password"]
    env = dict(os.environ)
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return args, env


def run_client(args, env):
    # A fixed program with arguments from settings, no shell.
    result = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(args[0]).name} mislukte: {result.stderr.strip()[-2000:]}")


def _dump_database(dump_path):
    """Dump the database and list its files and migrations, both from one snapshot."""
    vendor = connection.vendor
    if vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            args, env = pg_command("pg_dump", connection.settings_dict)
            args += [
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={dump_path}",
                connection.settings_dict["NAME"],
            ]
            run_client(args, env)

            def execute(sql):
                cursor.execute(sql)
                return cursor.fetchall()

            return _listing(execute)
    if vendor == "sqlite":
        # SQLite's online backup from a connection of its own (Django's may hold the
        # write lock, which the backup API would wait for forever); one step copies
        # everything under one read lock, and the files are listed from the copy.
        source = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
        target = sqlite3.connect(dump_path)
        try:
            source.backup(target)
            return _listing(lambda sql: target.execute(sql).fetchall())
        finally:
            source.close()
            target.close()
    raise CommandError(f"Back-up van een {vendor}-database wordt niet ondersteund.")


def _listing(execute):
    migrations = [
        list(row) for row in execute("SELECT app, name FROM django_migrations ORDER BY id")
    ]
    return referenced_files(execute), migrations


def write_folder(dest):
    """Write a complete snapshot to the new (or empty) folder ``dest``; return the manifest."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise CommandError(f"{dest} is niet leeg; kies een nieuwe map voor de back-up.")
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(dest, 0o700)
    dump_name = DUMPS.get(connection.vendor, "database")
    files, migrations = _dump_database(dest / dump_name)

    entries, missing = [], []
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in sorted(files[alias]):
            target = dest / "files" / alias / name
            if not target.resolve().is_relative_to((dest / "files" / alias).resolve()):
                raise CommandError(f"Onveilige bestandsnaam in de database: {name!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            try:
                with storage.open(name, "rb") as src, open(target, "wb") as out:
                    for chunk in iter(lambda: src.read(CHUNK), b""):
                        digest.update(chunk)
                        out.write(chunk)
            except FileNotFoundError:
                # Deleted after the snapshot (e.g. by retention) or lost earlier.
                target.unlink(missing_ok=True)
                missing.append({"storage": alias, "name": name})
                continue
            entries.append(
                {
                    "storage": alias,
                    "name": name,
                    "size": target.stat().st_size,
                    "sha256": digest.hexdigest(),
                }
            )
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "database": {"file": dump_name, "sha256": sha256_of(dest / dump_name)},
        "migrations": migrations,
        "files": entries,
        "missing": missing,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1))
    for path in dest.rglob("*"):
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    return manifest


def read_manifest(src):
    """The manifest of ``src``, after checking every checksum in it (nothing changed yet)."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except FileNotFoundError:
        raise CommandError(f"{src} bevat geen {MANIFEST}: geen (volledige) back-up.") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Onbekend back-upformaat: {manifest.get('format')!r}")
    if sha256_of(src / manifest["database"]["file"]) != manifest["database"]["sha256"]:
        raise CommandError("De database-dump klopt niet met de checksum in het manifest.")
    for entry in manifest["files"]:
        path = src / "files" / entry["storage"] / entry["name"]
        if not path.resolve().is_relative_to(src.resolve()) or entry["storage"] not in (
            STORAGE_ALIASES
        ):
            raise CommandError(f"Onveilige bestandsnaam in het manifest: {entry['name']!r}")
        if not path.exists() or sha256_of(path) != entry["sha256"]:
            raise CommandError(f"Bestand klopt niet met het manifest: {entry['name']}")
    return manifest
