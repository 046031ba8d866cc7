"""A handleiding's PDF, generated from the page when it is published.

The PDF is the page's own content (title, summary, version, body) with a table of
contents of its headings, page numbers included, written by the portal's one PDF
writer (``cms.files.pdf``, WeasyPrint). It is stored as a document in the library, in
the collection ``COLLECTION_NAME``, and is public while the manual is live
(``content.documents``). Generated in the request that publishes: a manual is a
few pages, which WeasyPrint writes in about a second, and the editor then sees
the PDF at once. A failure never blocks publishing; it is logged and the page
simply offers no PDF until the next publish.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.files.pdf import render_pdf

from .handleidingen import HandleidingPdf
from .headings import add_heading_ids

logger = logging.getLogger(__name__)

COLLECTION_NAME = "Handleidingen (PDF)"


def build(page):
    """The PDF bytes of ``page`` (a ``HandleidingPage``) as it is now."""
    body_html, toc = add_heading_ids(str(page.body.render_as_block()))
    return render_pdf("pdf/handleiding.html", {"page": page, "body_html": body_html, "toc": toc})


def _collection():
    collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    return collection


@transaction.atomic
def publish_pdf(page):
    """Generate and store the PDF of ``page``; returns the document."""
    data = build(page)
    digest = hashlib.sha256(data).hexdigest()
    current = HandleidingPdf.objects.filter(page=page).select_related("document").first()
    if current is not None and current.sha256 == digest:
        return current.document
    Document = get_document_model()
    document = current.document if current else Document(collection=_collection())
    document.title = f"{page.title} (PDF)"
    if document.file:
        document.file.delete(save=False)
    document.file.save(f"handleiding-{page.slug}.pdf", ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    HandleidingPdf.objects.update_or_create(
        page=page, defaults={"document": document, "sha256": digest}
    )
    return document


def on_page_published(sender, instance, **kwargs):
    """``page_published`` receiver (``content.apps``): never blocks publishing."""
    try:
        publish_pdf(instance)
    except Exception:  # a PDF problem must not undo a publication
        logger.exception("PDF van handleiding %s niet gemaakt", instance.pk)
