"""What a PDF declares for accessibility, read with pypdf: the catalog's language,
the title, tagging (PDF/UA), bookmarks and how many images it holds."""

import io

from pypdf import PdfReader


def _titles(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _titles(item)
        else:
            yield item.title


def facts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data() if metadata is not None else b""
    return {
        "lang": str(root.get("/Lang", "")),
        "title": reader.metadata.title if reader.metadata else None,
        "tagged": bool(root.get("/MarkInfo", {}).get("/Marked")),
        "structure": "/StructTreeRoot" in root,
        "display_title": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        "pdf_ua": b"pdfuaid:part" in xmp or b"pdfuaid:part" in xmp.replace(b" ", b""),
        "bookmarks": list(_titles(reader.outline)),
        "images": len(_images(reader)),
    }


def _images(reader):
    """The distinct images: WeasyPrint shares one resource dictionary between pages,
    so pypdf lists every image on every page."""
    return {
        (image.indirect_reference.idnum if image.indirect_reference else image.name)
        for page in reader.pages
        for image in page.images
    }


def assert_accessible(pdf, title):
    """Tagged PDF/UA in Dutch with ``title`` as its title and bookmarks."""
    found = facts(pdf)
    assert found["lang"] == "nl", found
    assert found["title"] == title, found
    assert found["tagged"] and found["structure"] and found["pdf_ua"], found
    assert found["display_title"], found
    assert found["bookmarks"], found
    return found
