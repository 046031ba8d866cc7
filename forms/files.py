"""Uploaded files: check them on content, name them safely, stream them to private storage.

Django's upload handlers already spool anything above ``FILE_UPLOAD_MAX_MEMORY_SIZE``
to a temporary file; here we read it in chunks only (hash and copy), so a 50 MB
attachment never sits in memory.
"""

import hashlib
import os
import unicodedata

import filetype
from django.core.files.base import File
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .blocks import FILE_TYPE_CHOICES

HEAD_BYTES = 8192
TYPE_LABELS = dict(FILE_TYPE_CHOICES)
# filetype reports jpg for JPEG; "jpeg" names are accepted as the same type.
EXTENSION_ALIASES = {"jpeg": "jpg"}


def sniff(upload):
    """The ``filetype`` kind of an upload, judged on its first bytes (never on its name)."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return filetype.guess(head) if head else None


def sanitise_name(name):
    """A safe, short file name that keeps the user's recognisable name."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, ext = os.path.splitext(name)
    stem = get_valid_filename(stem.strip()) if stem.strip() else ""
    ext = get_valid_filename(ext) if ext.strip(".") else ""
    stem = (stem or "bestand")[:100]
    return f"{stem}{ext[:10].lower()}"


def check_upload(upload, allowed_types, max_size_mb):
    """Dutch error messages for one upload; empty when it may be stored."""
    name = sanitise_name(upload.name)
    if upload.size > max_size_mb * 1024 * 1024:
        return [
            _("Het bestand ‘%(name)s’ is groter dan %(max)s MB.")
            % {"name": name, "max": max_size_mb}
        ]
    if upload.size == 0:
        return [_("Het bestand ‘%(name)s’ is leeg.") % {"name": name}]
    kind = sniff(upload)
    extension = EXTENSION_ALIASES.get(kind.extension, kind.extension) if kind else None
    if extension not in allowed_types:
        allowed = ", ".join(str(TYPE_LABELS.get(t, t)) for t in allowed_types)
        return [
            _("Het bestand ‘%(name)s’ is geen toegestaan bestandstype. Toegestaan: %(allowed)s.")
            % {"name": name, "allowed": allowed}
        ]
    return []


def store_upload(model, upload, **fields):
    """Create a ``model`` row (draft or submission file) holding ``upload``, streamed."""
    kind = sniff(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original = sanitise_name(upload.name)
    stored_name = original
    if kind is not None and not original.lower().endswith("." + kind.extension):
        stored_name = os.path.splitext(original)[0] + "." + kind.extension
    row = model(
        original_name=original,
        content_type=kind.mime if kind else "application/octet-stream",
        size=upload.size,
        sha256=digest.hexdigest(),
        **fields,
    )
    row.file.save(stored_name, File(upload, name=stored_name), save=False)
    row.save()
    return row
