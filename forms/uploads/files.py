"""The one upload pipeline, for form uploads and the loket's bijlagen alike.

``accept_upload`` runs every check in order - the name, the size, the virus
scan (``forms.uploads.clamd``, optional, fail closed) and the type judged on the whole
content (``forms.uploads.kinds``) - and returns a ``Judged`` upload, or raises
``Refused`` with a Dutch message. ``store_upload`` streams a judged upload to
private storage under a safe name whose extension follows the judged type, so
``x.pdf.exe`` holding a PDF is kept (and downloaded) as ``x_pdf_exe.pdf``.

Django's upload handlers spool anything above ``FILE_UPLOAD_MAX_MEMORY_SIZE``
to a temporary file; here files are read in chunks, so a 50 MB attachment never
sits in memory (images, which are re-encoded, are bounded by their pixel count).
"""

import hashlib
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from cms.files.storage import STORAGE_UNREACHABLE, StorageUnavailable
from forms.blocks import FILE_TYPE_CHOICES
from forms.uploads import clamd
from forms.uploads.kinds import Refused, file_kinds, kind_of

__all__ = ["Refused", "accept_upload", "check_upload", "download_name", "store_upload"]

TYPE_LABELS = dict(FILE_TYPE_CHOICES)
# Unicode categories never allowed in a file name: control, format (the
# right-to-left override, zero-width characters), surrogates, private use,
# line and paragraph separators.
FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


@dataclass
class Judged:
    """An upload that passed every check: what to store and under which name."""

    kind: str  # key of ``forms.uploads.kinds.file_kinds``
    name: str  # safe name, extension from the judged kind
    content_type: str
    content: object  # a Django File: the upload itself or a re-encoded copy

    @property
    def size(self):
        return self.content.size


def check_name(name):
    """Refuse names that try to hide what they are: control or direction
    characters (a NUL, the right-to-left override), path parts, very long names."""
    name = name or ""
    if any(unicodedata.category(char) in FORBIDDEN_CATEGORIES for char in name):
        raise Refused(
            _("De bestandsnaam bevat onzichtbare of ongeldige tekens. Hernoem het bestand.")
        )
    if "/" in name or "\\" in name or name.strip(" .") == "":
        raise Refused(_("Dit is geen geldige bestandsnaam. Hernoem het bestand."))
    if len(name) > settings.UPLOAD_MAX_NAME_LENGTH:
        raise Refused(
            _("De bestandsnaam is te lang (maximaal %(max)s tekens). Hernoem het bestand.")
            % {"max": settings.UPLOAD_MAX_NAME_LENGTH}
        )


def safe_stem(name):
    """The recognisable part of a name in plain ASCII, without its extension."""
    name = "".join(c for c in (name or "") if unicodedata.category(c) not in FORBIDDEN_CATEGORIES)
    name = os.path.basename(name.replace("\\", "/"))
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    if not name.strip(" ._"):
        return ""
    try:
        stem = get_valid_filename(name.strip().replace(".", "_"))
    except SuspiciousFileOperation:  # nothing of the name is left, e.g. "%" or "#!"
        return ""
    return stem if stem.strip("_-") else ""  # "%.%" leaves only "_"


def safe_name(name, kind):
    """``stem.ext`` where ``ext`` follows the judged kind; an extension the user gave
    that is not this kind's stays visible inside the stem (``x_pdf_exe.pdf``)."""
    stem, ext = os.path.splitext(os.path.basename((name or "").replace("\\", "/")))
    own = {kind, *file_kinds[kind].aliases}
    if ext.lower().lstrip(".") not in own:
        stem += ext
    return f"{(safe_stem(stem) or 'bestand')[:100]}.{kind}"


def sanitise_name(name):
    """A safe name for something whose type is not judged here (older rows)."""
    stem, ext = os.path.splitext(os.path.basename((name or "").replace("\\", "/")))
    ext = safe_stem(ext.lstrip("."))[:10].lower()
    return f"{(safe_stem(stem) or 'bestand')[:100]}" + (f".{ext}" if ext else "")


def download_name(name, content_type):
    """The name in Content-Disposition: safe, with the extension of the stored type."""
    for key, kind in file_kinds:
        if kind.mime == content_type:
            return safe_name(name, key)
    return sanitise_name(name)


def _allowed_text(allowed_types):
    return ", ".join(str(TYPE_LABELS.get(t, t)) for t in allowed_types)


def _scan(upload):
    if not clamd.is_enabled():
        return
    upload.seek(0)
    try:
        found = clamd.scan(upload.chunks())
    except clamd.ScanUnavailable:
        raise Refused(
            _(
                "De virusscanner is nu niet bereikbaar; je bestand is niet opgeslagen. "
                "Probeer het later opnieuw."
            )
        ) from None
    finally:
        upload.seek(0)
    if found:
        raise Refused(_("In dit bestand is een virus gevonden; het is niet opgeslagen."))


def accept_upload(upload, allowed_types, max_size_mb):
    """Judge one upload; a ``Judged`` to store, or ``Refused`` with a Dutch reason."""
    check_name(upload.name)
    max_size_mb = min(max_size_mb, settings.UPLOAD_MAX_FILE_SIZE_MB)
    if upload.size > max_size_mb * 1024 * 1024:
        raise Refused(_("Het bestand is groter dan %(max)s MB.") % {"max": max_size_mb})
    if upload.size == 0:
        raise Refused(_("Het bestand is leeg."))
    _scan(upload)
    kind = kind_of(upload)
    if kind not in allowed_types or kind not in file_kinds:
        raise Refused(
            _(
                "Dit bestandstype kan niet: de inhoud is geen toegestaan bestandstype. "
                "Toegestaan: %(allowed)s."
            )
            % {"allowed": _allowed_text(allowed_types)}
        )
    content = file_kinds[kind].judge(upload)
    return Judged(
        kind=kind,
        name=safe_name(upload.name, kind),
        content_type=file_kinds[kind].mime,
        content=content,
    )


def check_upload(upload, allowed_types, max_size_mb):
    """``(judged, errors)`` for one upload; errors name the file (sanitised)."""
    try:
        return accept_upload(upload, allowed_types, max_size_mb), []
    except Refused as refused:
        return None, [
            _("‘%(name)s’: %(reason)s") % {"name": sanitise_name(upload.name), "reason": refused}
        ]


def store_upload(model, judged, storage_name=None, **fields):
    """Create a ``model`` row holding a judged upload, streamed, with its SHA-256.

    Raises ``cms.files.storage.StorageUnavailable`` (no row made) when the storage cannot be
    reached, for the caller to say so on its form.

    ``model`` has ``original_name``, ``content_type``, ``size``, ``sha256`` and ``file``.
    ``storage_name`` is the name in storage (default: the sanitised upload name); a
    caller that keeps names out of storage paths passes a neutral one.
    """
    content = judged.content
    content.seek(0)
    digest = hashlib.sha256()
    for chunk in content.chunks():
        digest.update(chunk)
    content.seek(0)
    row = model(
        original_name=judged.name,
        content_type=judged.content_type,
        size=content.size,
        sha256=digest.hexdigest(),
        **fields,
    )
    name = storage_name or judged.name
    try:
        row.file.save(name, File(content, name=name), save=False)
    except STORAGE_UNREACHABLE as error:
        raise StorageUnavailable from error
    row.save()
    return row
