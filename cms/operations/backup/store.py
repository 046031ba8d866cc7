"""Where backups are kept: the ``backups`` storage (a folder by default, a private S3
bucket with ``BACKUP_S3_BUCKET``), with one name per backup and rotation.

The name carries the moment in UTC (``swv-backup-20261207T023000Z.tar.age``), so the
rotation reads the dates from the names alone and never opens a backup. Files that do
not have this shape are never touched by the rotation.
"""

import datetime
import re

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

from .archive import ENCRYPTED, PLAIN
from .rotation import to_keep

ALIAS = "backups"
PREFIX = "swv-backup-"
NAME = re.compile(r"^swv-backup-(\d{8}T\d{6}Z)(\.tar(?:\.age)?)$")


def storage():
    return storages[ALIAS]


def name_for(moment, suffix):
    return f"{PREFIX}{moment.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}{suffix}"


def moment_of(name):
    """The UTC moment in a backup's name, or None for a file that is not a backup."""
    match = NAME.match(name)
    if match is None:
        return None
    return datetime.datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)


def is_encrypted(name):
    return str(name).endswith(ENCRYPTED)


def is_backup_name(name):
    return str(name).endswith((ENCRYPTED, PLAIN))


def stored():
    """``{name: moment}`` of every backup in the storage."""
    try:
        _dirs, files = storage().listdir("")
    except FileNotFoundError:
        return {}
    found = {name: moment_of(name) for name in files}
    return {name: moment for name, moment in found.items() if moment is not None}


def newest():
    backups = stored()
    return max(backups, key=backups.get) if backups else None


def rotate():
    """Delete the backups the rotation does not keep; return their names, oldest first."""
    backups = stored()
    local = {name: timezone.localtime(moment) for name, moment in backups.items()}
    kept = to_keep(local.values(), settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY)
    gone = sorted((name for name, moment in local.items() if moment not in kept), key=local.get)
    for name in gone:
        storage().delete(name)
    return gone
