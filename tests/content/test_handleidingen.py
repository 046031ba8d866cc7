"""Handleidingen: index grouped by audience, documents, video as a plain link or a file
with captions and a transcript."""

import pytest

from cms.files.pdf import simple_pdf
from content.choices import Audience
from tests.content.conftest import add_manual, make_document

pytestmark = pytest.mark.django_db


def test_index_groups_manuals_by_audience(client, handleidingen):
    add_manual(handleidingen, "TLV aanvragen", Audience.LOKETMODULE)
    add_manual(handleidingen, "OPP Light", Audience.SCHOOLMODULE)
    add_manual(handleidingen, "HIT", Audience.SCHOOLMODULE)
    response = client.get("/handleidingen/")
    assert response.status_code == 200
    groups = [(label, [m.title for m in manuals]) for label, manuals in response.context["groups"]]
    assert groups == [("Schoolmodule", ["HIT", "OPP Light"]), ("Loketmodule", ["TLV aanvragen"])]


def test_manual_shows_documents_version_and_video_link(client, handleidingen):
    pdf = make_document("Instructie TLV")
    manual = add_manual(
        handleidingen,
        "TLV aanvragen",
        Audience.LOKETMODULE,
        documents=[pdf],
        version="2.1",
        video_url="https://video.swv.example/tlv",
    )
    html = client.get(manual.url).content.decode()
    assert pdf.url in html and "Instructie TLV" in html and "(PDF" in html
    assert "Versie 2.1" in html
    # No embed, no iframe: a plain link that works without network.
    assert '<a href="https://video.swv.example/tlv"' in html
    assert "<iframe" not in html


VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nLog in met je e-mailadres.\n"


def test_uploaded_video_has_dutch_captions_and_a_transcript(client, handleidingen):
    """Dutch accessibility rules for public bodies (WCAG 1.2.2 and 1.2.3): a video of
    our own has captions and a text alternative."""
    video = make_document("Instructievideo", b"\x1aE\xdf\xa3webm", name="instructie.webm")
    captions = make_document("Ondertiteling", VTT, name="instructie.vtt")
    manual = add_manual(
        handleidingen,
        "Loketmodule",
        Audience.LOKETMODULE,
        video_file=video,
        captions_file=captions,
        transcript="<p>Log in met je e-mailadres.</p>",
    )
    html = client.get(manual.url).content.decode()
    assert f'<video controls preload="metadata" src="{video.url}">' in html
    assert f'<track kind="captions" src="{captions.url}" srclang="nl"' in html
    assert "<details" in html and "Log in met je e-mailadres." in html
    assert client.get(video.url).status_code == 200
    track = client.get(captions.url)
    assert track.status_code == 200 and track["Content-Type"].startswith("text/vtt")


def test_a_video_without_captions_or_transcript_is_refused(handleidingen):
    from django.core.exceptions import ValidationError

    video = make_document("Instructievideo", b"\x1aE\xdf\xa3webm", name="instructie.webm")
    with pytest.raises(ValidationError) as refused:
        add_manual(handleidingen, "Zonder ondertiteling", Audience.LOKETMODULE, video_file=video)
    assert "ondertiteling" in str(refused.value)


def test_pdf_generator_is_deterministic_and_valid():
    first = simple_pdf("Handleiding", ["één", "(twee)"])
    assert first == simple_pdf("Handleiding", ["één", "(twee)"])
    # WeasyPrint writes PDF 1.7 with a compressed cross-reference stream.
    assert first.startswith(b"%PDF-1.") and first.rstrip().endswith(b"%%EOF")
    xref_at = int(first.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    xref = first[xref_at : xref_at + 200]
    assert xref.startswith(b"xref") or b"/Type /XRef" in xref


def test_site_search_finds_manuals_and_filters_them_by_audience(client, handleidingen):
    add_manual(
        handleidingen,
        "TLV aanvragen",
        Audience.LOKETMODULE,
        summary="Een toelaatbaarheidsverklaring aanvragen in het loket.",
    )
    response = client.get("/zoeken/", {"q": "toelaatbaarheidsverklaring"})
    assert [hit.title for hit in response.context["hits"]] == ["TLV aanvragen"]
    response = client.get(
        "/zoeken/", {"q": "toelaatbaarheidsverklaring", "doelgroep": "schoolmodule"}
    )
    assert response.context["hits"] == []
