"""Backups fit for pupil data: one encrypted file per backup, checked on restore.

``backup()`` makes a consistent snapshot of the database and both storages in a private
temporary folder (``snapshot``), packs and encrypts it into one file (``archive``) and
puts that in a folder or in the ``backups`` storage, where the rotation keeps the newest
of the last ``BACKUP_KEEP_DAILY`` days and ``BACKUP_KEEP_WEEKLY`` weeks (``store``,
``rotation``). The scheduler runs it daily (``SCHEDULED_JOBS["backup"]``).

``restore()`` decrypts the file into a private temporary folder and checks the SHA-256
of the dump and of every file against the manifest, all before the database or a
storage is touched; then ``restoring`` puts it back all or nothing, re-applies the
purges made since the backup (``hooks``) and runs retention.
"""

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import CommandError
from django.utils import timezone

from . import archive, store
from .restoring import restore_folder
from .snapshot import read_manifest, write_folder


@contextmanager
def private_folder():
    """A temporary folder readable by its owner only, removed whatever happens."""
    work = settings.BACKUP_WORK_DIR or None
    if work:
        Path(work).mkdir(mode=0o700, parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="swv-backup-", dir=work))  # mode 0700
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def backup(dest=None):
    """Write one backup; return ``(where, manifest, rotated)``.

    ``dest`` a folder: the file goes there and nothing is rotated (a backup by hand).
    Without ``dest`` it goes to the ``backups`` storage, which is then rotated."""
    suffix = archive.suffix()  # before any work: refuses plaintext in production
    name = store.name_for(timezone.now(), suffix)
    with private_folder() as work:
        manifest = write_folder(work / "snapshot")
        if dest is not None:
            dest = Path(dest)
            dest.mkdir(mode=0o700, parents=True, exist_ok=True)
            target = dest / name
            try:
                with open(target, "xb") as out:
                    target.chmod(0o600)
                    archive.write(work / "snapshot", out)
            except BaseException:
                target.unlink(missing_ok=True)  # never leave half a backup that looks whole
                raise
            return target, manifest, []
        packed = work / name  # encrypted (or, outside production, a plain tar)
        with open(packed, "xb") as out:
            archive.write(work / "snapshot", out)
        with open(packed, "rb") as fh:
            saved = store.storage().save(name, File(fh, name=name))
    return f"{store.ALIAS}:{saved}", manifest, store.rotate()


@contextmanager
def _opened(source, latest):
    """The backup file to restore, from a path or from the ``backups`` storage."""
    if latest:
        source = store.newest()
        if source is None:
            raise CommandError("Er staat nog geen back-up in de back-upopslag.")
    path = Path(source)
    if path.is_file():
        with open(path, "rb") as fh:
            yield fh, path.name
        return
    if path.is_dir():
        raise CommandError(f"{source} is een map; geef het back-upbestand (.tar.age).")
    if not store.storage().exists(source):
        raise CommandError(f"Back-up niet gevonden (niet als bestand, niet in de opslag): {source}")
    with store.storage().open(source, "rb") as fh:
        yield fh, source


def restore(source=None, force=False, run_retention=True, stdout=None, latest=False):
    """Decrypt and check the backup ``source`` (a path or a name in the storage; or the
    newest there with ``latest``), then restore it. Returns
    ``(manifest, retention, reapplied)``."""
    with private_folder() as work, _opened(source, latest) as (fh, name):
        if not store.is_backup_name(name):
            raise CommandError(f"Geen back-upbestand (.tar.age of .tar): {name}")
        archive.read(fh, work, encrypted=store.is_encrypted(name))
        manifest = read_manifest(work)
        retention, reapplied = restore_folder(
            work, manifest, force=force, run_retention=run_retention, stdout=stdout
        )
    return manifest, retention, reapplied
