"""Real files for upload tests: valid ones built with the libraries that read them,
and the abuse files of issue 10 (polyglot, zip bomb, wrong content, hostile names)."""

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>\n"


def pdf_bytes(pad=0):
    """A one-page PDF; ``pad`` bytes of content stream make it as large as needed."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=72, height=72)
    if pad:
        stream = StreamObject()
        stream.set_data(b"%" + b"0" * pad + b"\n")
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes(size=(4, 4), color=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(4, 4)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/{main}" ContentType="application/'
    'vnd.openxmlformats-officedocument.{type}"/></Types>'
)


def office_bytes(kind="docx", extra=None):
    """A minimal Office Open XML package of ``kind`` (docx or xlsx)."""
    main, content_type = {
        "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
        "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    }[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main, type=content_type))
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr(main, "<document>Hallo</document>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(megabytes=60):
    """A docx-shaped package with an entry that unpacks to ``megabytes`` of zeros."""
    return office_bytes("docx", extra={"word/media/bom.bin": b"\0" * (megabytes * 1024 * 1024)})


def plain_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("readme.txt", "geen Office")
    return out.getvalue()


def png_html_polyglot():
    """A PNG signature followed by HTML: what a first-bytes check took for an image."""
    return b"\x89PNG\r\n\x1a\n" + HTML


def png_with_appended_html():
    """A valid PNG with HTML after its end: decodes, must be stored without the HTML."""
    return png_bytes() + HTML
