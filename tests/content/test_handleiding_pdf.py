"""A handleiding's PDF is generated from its content when it is published, with a table
of contents, and is public exactly while the manual is live."""

import io

import pytest
from pypdf import PdfReader

from content.choices import Audience
from content.handleidingen import HandleidingPdf
from tests.content.conftest import add_manual

pytestmark = pytest.mark.django_db

BODY = [
    ("text", "<h2>Voordat je begint</h2><p>Een account met tweestapsverificatie.</p>"),
    ("steps", {"heading": "Zo werkt het", "steps": [{"title": "Log in.", "text": ""}]}),
    ("text", "<h2>Hulp nodig?</h2><h3>Helpdesk</h3><p>Bel de helpdesk.</p>"),
]


def _text(document):
    with document.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return data, "\n".join(page.extract_text() for page in reader.pages)


def test_publishing_generates_a_pdf_with_a_table_of_contents(client, handleidingen):
    manual = add_manual(
        handleidingen, "TLV aanvragen", Audience.LOKETMODULE, version="2.0", body=BODY
    )
    generated = HandleidingPdf.objects.get(page=manual)
    data, text = _text(generated.document)
    assert "TLV aanvragen" in text and "versie 2.0" in text
    assert "Inhoud" in text
    for heading in ("Voordat je begint", "Zo werkt het", "Hulp nodig?", "Helpdesk"):
        assert text.count(heading) >= 2, heading  # in the contents and in the body
    page = client.get(manual.url).content.decode()
    assert generated.document.url in page and "Deze handleiding als PDF" in page
    download = client.get(generated.document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data


def test_republishing_updates_the_same_document_only_when_the_content_changed(handleidingen):
    manual = add_manual(handleidingen, "HIT", Audience.SCHOOLMODULE, body=BODY)
    first = HandleidingPdf.objects.get(page=manual)
    name = first.document.file.name
    manual.save_revision().publish()
    again = HandleidingPdf.objects.get(page=manual)
    assert (again.document_id, again.sha256, again.document.file.name) == (
        first.document_id,
        first.sha256,
        name,
    )
    manual.summary = "Nieuwe samenvatting voor het interventieteam."
    manual.save_revision().publish()
    changed = HandleidingPdf.objects.get(page=manual)
    assert changed.document_id == first.document_id and changed.sha256 != first.sha256
    assert "Nieuwe samenvatting" in _text(changed.document)[1]


def test_the_pdf_is_private_once_the_manual_is_unpublished(client, handleidingen):
    manual = add_manual(handleidingen, "CLEO", Audience.SCHOOLMODULE, body=BODY)
    document = HandleidingPdf.objects.get(page=manual).document
    assert client.get(document.url).status_code == 200
    manual.unpublish()
    assert client.get(document.url).status_code in (403, 404)


def test_the_pdf_link_appears_when_the_pdf_is_made_after_the_page_was_seen(
    client, handleidingen, derived_cache_on
):
    """The PDF is made after the publish (a task): a page viewed in between keeps its
    downloads for one generation, and the new ``HandleidingPdf`` must end that."""
    from content.handleiding_pdf import publish_pdf

    manual = add_manual(handleidingen, "OPP light", Audience.SCHOOLMODULE, body=BODY)
    HandleidingPdf.objects.filter(page=manual).delete()
    assert "Deze handleiding als PDF" not in client.get(manual.url).content.decode()
    document = publish_pdf(manual)
    page = client.get(manual.url).content.decode()
    assert "Deze handleiding als PDF" in page and document.url in page


def test_a_renamed_document_shows_on_the_next_request(client, handleidingen, derived_cache_on):
    from tests.content.conftest import make_document

    document = make_document("Stappenplan OPP")
    manual = add_manual(handleidingen, "OPP", Audience.SCHOOLMODULE, documents=[document])
    assert "Stappenplan OPP" in client.get(manual.url).content.decode()
    document.title = "Stappenplan OPP 2026"
    document.save()
    assert "Stappenplan OPP 2026" in client.get(manual.url).content.decode()


def test_the_pdf_is_tagged_dutch_with_bookmarks_and_its_images(handleidingen):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from tests.pdfcheck import assert_accessible

    photo = Image.objects.create(title="Schermafdruk", file=get_test_image_file())
    body = [
        *BODY,
        ("image", {"image": photo, "alt_text": "Het inlogscherm", "caption": "Inloggen"}),
    ]
    manual = add_manual(handleidingen, "Inloggen", Audience.LOKETMODULE, body=body)
    data, _text_of_pdf = _text(HandleidingPdf.objects.get(page=manual).document)
    found = assert_accessible(data, "Inloggen")
    assert found["images"] == 1  # read from the storage, not left out
    for heading in ("Inloggen", "Voordat je begint", "Zo werkt het", "Hulp nodig?", "Helpdesk"):
        assert heading in found["bookmarks"], heading
