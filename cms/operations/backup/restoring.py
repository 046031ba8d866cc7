"""Putting a verified snapshot folder back: database, files, migrate, re-applied purges.

The folder has been decrypted and every checksum in its manifest checked before anything
here runs (``cms.operations.backup.restore``). PostgreSQL restores with ``pg_restore
--single-transaction`` (all or nothing); SQLite with its backup API, which replaces the
whole database file's content in one step.
"""

import sqlite3

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import connection

from .hooks import restore_hooks
from .snapshot import STORAGE_ALIASES, pg_command, run_client


def database_is_empty():
    return not connection.introspection.table_names()


def storage_is_empty(storage):
    try:
        dirs, files = storage.listdir("")
    except FileNotFoundError:
        return True
    return not dirs and not files


def refuse_non_empty_target():
    if not database_is_empty():
        raise CommandError("De database is niet leeg. Gebruik --force om hem te vervangen.")
    for alias in STORAGE_ALIASES:
        if not storage_is_empty(storages[alias]):
            raise CommandError(
                f"De opslag '{alias}' is niet leeg. Gebruik --force om te overschrijven."
            )


def _restore_database(path, vendor, force):
    if vendor != connection.vendor:
        raise CommandError(
            f"Deze back-up komt uit {vendor}; de database hier is {connection.vendor}."
        )
    if vendor == "postgresql":
        if force:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        connection.close()
        args, env = pg_command("pg_restore", connection.settings_dict)
        args += [
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ]
        run_client(args, env)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)  # replaces the whole database
        finally:
            source.close()
        connection.close()


def restore_folder(src, manifest, force=False, run_retention=True, stdout=None):
    """Restore the checked snapshot in folder ``src``; return ``(retention, reapplied)``.

    Before the database is replaced, every restore hook reads what it must remember from
    the live one (the purges since the backup); after ``migrate`` it applies that again,
    then the page cache is purged and retention runs (see README)."""
    if not force:
        refuse_non_empty_target()
    remembered = {key: hook.before() for key, hook in restore_hooks.items()}
    _restore_database(src / manifest["database"]["file"], manifest["vendor"], force)
    for entry in manifest["files"]:
        storage = storages[entry["storage"]]
        if force and storage.exists(entry["name"]):
            storage.delete(entry["name"])
        with open(src / "files" / entry["storage"] / entry["name"], "rb") as fh:
            saved = storage.save(entry["name"], File(fh, name=entry["name"]))
        if saved != entry["name"]:
            raise CommandError(f"Bestand kwam onder een andere naam terug: {entry['name']}")
    call_command("migrate", interactive=False, verbosity=0)
    reapplied = []
    for key, hook in restore_hooks.items():
        reapplied.extend(hook.after(remembered[key]))

    from cms.caching.pages import purge_all

    purge_all()
    return _after_restore(run_retention, stdout), reapplied


def _after_restore(run_retention, stdout):
    """Run retention, so nothing whose term passed since the backup comes back for long."""
    command = settings.RETENTION_COMMAND
    if not run_retention:
        return "skipped"
    if command not in get_commands():
        return "unavailable"
    call_command(command, stdout=stdout)
    return "ran"
