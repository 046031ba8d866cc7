"""An uploaded import file waiting between its preview and the confirmation.

The file is kept in private storage under a random name; the confirmation form
carries only that name (``UPLOAD_NAME``), never the content, and the file is
deleted once imported. Shared by every import page (accounts, the pupil register).
"""

import re
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages

UPLOAD_DIR = "account-imports"
UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}$")


def _path(upload_id):
    return f"{UPLOAD_DIR}/{upload_id}"


def keep(content):
    """Store ``content``; returns the random id the confirmation names it by."""
    upload_id = uuid.uuid4().hex
    storages["private"].save(_path(upload_id), ContentFile(content))
    return upload_id


def take(upload_id):
    """The waiting file's bytes, or None when it is gone (expired, already imported)."""
    storage = storages["private"]
    if not UPLOAD_NAME.match(upload_id or "") or not storage.exists(_path(upload_id)):
        return None
    with storage.open(_path(upload_id), "rb") as handle:
        return handle.read()


def forget(upload_id):
    storages["private"].delete(_path(upload_id))
