"""PDF downloads answer HTTP range requests too (issue 28: "documents ... without
ranges"): a browser's PDF viewer reads a large handleiding in parts and a broken
download can resume. Through the same document URL and after the same access check;
the inline/attachment choice stays Wagtail's."""

import pytest

from content.documents import public_collection
from devkit.clients import login_verified
from tests.content.conftest import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_pdf():
    pdf = make_document("Jaarverslag")
    pdf.collection = public_collection()
    pdf.save()
    return pdf


def _body(response):
    return b"".join(response.streaming_content)


def _file(document):
    with document.file.open("rb") as fh:
        return fh.read()


def test_a_public_pdf_offers_ranges_and_answers_one(client, public_pdf):
    content = _file(public_pdf)

    whole = client.get(public_pdf.url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Type"] == "application/pdf"
    assert _body(whole) == content

    part = client.get(public_pdf.url, HTTP_RANGE="bytes=5-14")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 5-14/{len(content)}"
    assert _body(part) == content[5:15]
    assert part["Content-Disposition"] == whole["Content-Disposition"]
    assert part["X-Content-Type-Options"] == "nosniff"

    beyond = client.get(public_pdf.url, HTTP_RANGE=f"bytes={len(content) + 10}-")
    assert beyond.status_code == 416


def test_a_private_pdf_stays_private_with_a_range(client, users):
    internal = make_document("Interne notitie")
    assert client.get(internal.url, HTTP_RANGE="bytes=0-9").status_code == 404
    login_verified(client, users["school_a"])
    assert client.get(internal.url, HTTP_RANGE="bytes=0-9").status_code == 404
    login_verified(client, users["redacteur"])
    assert client.get(internal.url, HTTP_RANGE="bytes=0-9").status_code == 206


def test_a_document_that_is_no_pdf_or_video_goes_to_wagtails_view(client):
    text = make_document("Lijst", b"a;b\n1;2\n", name="lijst.csv")
    text.collection = public_collection()
    text.save()
    response = client.get(text.url, HTTP_RANGE="bytes=0-1")
    assert response.status_code == 200
    assert "Accept-Ranges" not in response
