"""File kinds an upload may be, each judged on its whole content.

A kind is registered in ``file_kinds`` under the key the form editor uses in
"Toegestane bestandstypen" (``pdf``, ``docx`` ...). Its ``judge(upload)`` reads
the file and either returns what to store - the upload itself, or for images a
re-encoded copy that drops anything appended - or raises ``Refused`` with a
Dutch message. First bytes only choose which judge runs (``kind_of``); they
never decide on their own that a file is acceptable.
"""

import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from forms.registry import Registry


class Refused(Exception):
    """An upload that may not be stored; ``str(exc)`` is the Dutch reason."""


@dataclass(frozen=True)
class FileKind:
    label: str
    mime: str
    judge: object  # judge(upload) -> File to store (raises Refused)
    # Other name endings users give this kind (".jpeg" for jpg).
    aliases: tuple = field(default=())


file_kinds = Registry("upload file kinds")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _head(upload, size=16):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


# --- PDF ---------------------------------------------------------------------------


def judge_pdf(upload):
    """A PDF must parse and have at least one page (pypdf)."""
    from pypdf import PdfReader

    if not _head(upload, 5) == b"%PDF-":
        raise Refused(_("Dit is geen geldig PDF-bestand."))
    try:
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused(_("Deze PDF is met een wachtwoord beveiligd; stuur hem onbeveiligd."))
        pages = len(reader.pages)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - any parser failure on hostile input means "no"
        raise Refused(_("Dit is geen geldig PDF-bestand.")) from None
    finally:
        upload.seek(0)
    if pages < 1:
        raise Refused(_("Dit is geen geldig PDF-bestand."))
    return upload


# --- images --------------------------------------------------------------------------


def _judge_image(upload, pillow_format, extension):
    """Decode the whole image with Pillow and store a re-encoded copy: whatever
    was appended to or hidden in the original (HTML, a script, metadata) is gone."""
    from PIL import Image, ImageOps

    invalid = _("Dit is geen geldige afbeelding.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format != pillow_format:
                raise Refused(invalid)
            width, height = image.size
            if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
                raise Refused(_("Deze afbeelding is te groot (te veel pixels)."))
            image.load()
            image = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if pillow_format == "JPEG":
                if image.mode not in ("RGB", "L", "CMYK"):
                    image = image.convert("RGB")
                image.save(out, "JPEG", quality=90)
            else:
                image.save(out, "PNG")
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - truncated, broken or not an image at all
        raise Refused(invalid) from None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name=f"bestand.{extension}")


def judge_png(upload):
    return _judge_image(upload, "PNG", "png")


def judge_jpg(upload):
    return _judge_image(upload, "JPEG", "jpg")


# --- Office packages (zip) -------------------------------------------------------------

OOXML_MAIN = {
    # kind: (main part, content type of the main part; macro variants differ)
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def office_kind(upload, *, full=True):
    """Which Office package a zip upload is (``docx``, ``xlsx``, ``odt``, ``ods``),
    after checking it is a sound, bounded package; raises ``Refused`` otherwise.
    ``full=False`` only reads the directory (to choose the judge), not every entry."""
    invalid = _("Dit is geen geldig Office-bestand.")
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as package:
            kind = _office_kind(package, upload.size, invalid)
            if full:
                _read_every_entry(package)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - bad zip, bad CRC, truncated entries
        raise Refused(invalid) from None
    finally:
        upload.seek(0)
    return kind


def _office_kind(package, compressed_size, invalid):
    infos = package.infolist()
    if len(infos) > settings.UPLOAD_OFFICE_MAX_ENTRIES:
        raise Refused(invalid)
    total = sum(info.file_size for info in infos)
    too_big = _("Dit bestand pakt uit tot iets veel groters; zo'n bestand nemen we niet aan.")
    if total > settings.UPLOAD_OFFICE_MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise Refused(too_big)
    if total > settings.UPLOAD_OFFICE_MAX_RATIO * max(compressed_size, 1):
        raise Refused(too_big)
    names = {info.filename for info in infos}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise Refused(_("Bestanden met macro's nemen we niet aan."))
    if "[Content_Types].xml" in names:
        types = _small_entry(package, "[Content_Types].xml")
        for kind, (main, content_type) in OOXML_MAIN.items():
            if main in names and content_type in types:
                return kind
        raise Refused(invalid)
    if "mimetype" in names and "content.xml" in names:
        mimetype = _small_entry(package, "mimetype").strip()
        for kind, expected in ODF_MIMETYPES.items():
            if mimetype == expected:
                return kind
    raise Refused(invalid)


def _small_entry(package, name, limit=1024 * 1024):
    with package.open(name) as entry:
        return entry.read(limit).decode("utf-8", "replace")


def _read_every_entry(package):
    """Decompress every entry (bounded by the sizes checked above): a lying header
    or a bad checksum raises ``BadZipFile`` here instead of in someone's Word."""
    for info in package.infolist():
        with package.open(info) as entry:
            while entry.read(1024 * 1024):
                pass


def _office_judge(kind):
    def judge(upload):
        found = office_kind(upload)
        if found != kind:
            raise Refused(_("Dit is geen geldig Office-bestand."))
        return upload

    return judge


# --- legacy Office (OLE2) ------------------------------------------------------------


def _ole_judge(kind):
    """Word 97-2003 and Excel 97-2003 are only recognised by their container
    header and ``filetype``'s look at it; there is no parser for them here."""

    def judge(upload):
        import filetype

        guessed = filetype.guess(_head(upload, 8192))
        if not _head(upload, 8) == OLE_MAGIC or guessed is None or guessed.extension != kind:
            raise Refused(_("Dit is geen geldig Office-bestand."))
        return upload

    return judge


def kind_of(upload):
    """The candidate kind from the first bytes (then judged on the whole content),
    or None for anything we never accept."""
    head = _head(upload, 16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(ZIP_MAGIC):
        return office_kind(upload, full=False)
    if head.startswith(OLE_MAGIC):
        import filetype

        guessed = filetype.guess(_head(upload, 8192))
        return guessed.extension if guessed and guessed.extension in ("doc", "xls") else None
    return None


OOXML = "application/vnd.openxmlformats-officedocument"
BUILTIN_KINDS = {
    "pdf": FileKind("PDF", "application/pdf", judge_pdf),
    "docx": FileKind("Word (.docx)", f"{OOXML}.wordprocessingml.document", _office_judge("docx")),
    "xlsx": FileKind("Excel (.xlsx)", f"{OOXML}.spreadsheetml.sheet", _office_judge("xlsx")),
    "odt": FileKind("OpenDocument-tekst", ODF_MIMETYPES["odt"], _office_judge("odt")),
    "ods": FileKind("OpenDocument-rekenblad", ODF_MIMETYPES["ods"], _office_judge("ods")),
    "doc": FileKind("Word 97-2003", "application/msword", _ole_judge("doc")),
    "xls": FileKind("Excel 97-2003", "application/vnd.ms-excel", _ole_judge("xls")),
    "jpg": FileKind("JPEG", "image/jpeg", judge_jpg, aliases=("jpeg",)),
    "png": FileKind("PNG", "image/png", judge_png),
}

for _key, _kind in BUILTIN_KINDS.items():
    file_kinds.register(_key, _kind)
