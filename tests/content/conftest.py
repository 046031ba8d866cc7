"""Helpers for the content tests: documents with real files and published manuals."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.files.pdf import simple_pdf
from content.handleidingen import HandleidingDocument, HandleidingIndexPage, HandleidingPage
from tests.conftest import ensure_site_tree


def make_document(title, content=None, name=None):
    Document = get_document_model()
    document = Document(title=title)
    document.file.save(
        name or f"{title.lower().replace(' ', '-')}.pdf",
        ContentFile(content or simple_pdf(title, ["test"])),
        save=False,
    )
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def handleidingen(db):
    home = ensure_site_tree()
    index = home.add_child(
        instance=HandleidingIndexPage(title="Handleidingen", slug="handleidingen")
    )
    index.save_revision().publish()
    return index


def add_manual(index, title, audience, documents=(), **fields):
    manual = HandleidingPage(title=title, audience=audience, **fields)
    manual.documents = [HandleidingDocument(document=doc) for doc in documents]
    index.add_child(instance=manual)
    manual.save_revision().publish()
    return manual
