"""Storing uploaded files as private bijlagen of an aanvraag.

The type is decided on the file's first bytes, never on its name.
"""

import hashlib

from django.utils.translation import gettext as _

from forms.files import sanitise_name

from .errors import TransitionError
from .models import Bijlage

MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # 20 MB per file
ALLOWED_UPLOAD_TYPES = {
    "application/pdf": b"%PDF",
    "image/png": b"\x89PNG",
    "image/jpeg": b"\xff\xd8\xff",
    # Office Open XML (docx, xlsx) is a zip file.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK\x03\x04",
}


def sniff_content_type(head, declared=""):
    """The content type from the file's first bytes, or None when not allowed."""
    for content_type, magic in ALLOWED_UPLOAD_TYPES.items():
        if head.startswith(magic):
            if magic == b"PK\x03\x04":
                guessed = declared if declared in ALLOWED_UPLOAD_TYPES else None
                return guessed or content_type
            return content_type
    return None


def store_bijlage(aanvraag, uploaded, user, field_name, **links):
    """Store an uploaded file (Django ``UploadedFile`` or ``File``) as a private bijlage.

    The type is decided on the content, not the name; a file that is too large or
    of an unknown type raises ``TransitionError`` (caller is in a transaction, so
    nothing is half stored in the database).
    """
    size = uploaded.size
    if size > MAX_UPLOAD_SIZE:
        raise TransitionError(
            _("Het bestand is te groot (maximaal 20 MB per bestand)."), status=400
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    content_type = sniff_content_type(head, getattr(uploaded, "content_type", "") or "")
    if content_type is None:
        raise TransitionError(
            _("Dit bestandstype kan niet: kies een PDF, Word- of Excel-bestand, PNG of JPEG."),
            status=400,
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    bijlage = Bijlage(
        aanvraag=aanvraag,
        field_name=field_name,
        original_name=sanitise_name(getattr(uploaded, "name", "") or "bijlage"),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
        **links,
    )
    bijlage.file.save("bijlage", uploaded, save=False)
    bijlage.save()
    return bijlage
