"""The one PDF writer: WeasyPrint, deterministic, and never on the network."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cms.files.pdf import html_to_pdf, render_pdf, simple_pdf, storage_name
from devkit.files import png_bytes
from tests.pdfcheck import assert_accessible, facts


def test_html_becomes_a_real_pdf_with_the_text():
    pdf = html_to_pdf("<h1>Besluit</h1><p>Toelaatbaarheidsverklaring toegekend.</p>")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert html_to_pdf("<h1>Besluit</h1><p>Toelaatbaarheidsverklaring toegekend.</p>") == pdf


def test_remote_and_local_files_are_refused(tmp_path):
    """Neither http(s) nor file: URLs are fetched; the document still renders."""
    secret = tmp_path / "geheim.css"
    secret.write_text("h1 { color: red }")
    pdf = html_to_pdf(
        f'<link rel="stylesheet" href="file://{secret}">'
        '<link rel="stylesheet" href="http://192.0.2.1/x.css"><img src="https://192.0.2.1/x.png">'
        "<h1>Kop</h1>"
    )
    assert pdf.startswith(b"%PDF-")


@pytest.mark.django_db
def test_render_pdf_from_a_template():
    assert render_pdf("pdf/simple.html", {"title": "Ontvangstbevestiging"}).startswith(b"%PDF-")
    assert simple_pdf("Demobestand", ["één"]).startswith(b"%PDF-")


def test_every_pdf_is_tagged_pdf_ua_in_dutch_with_title_and_bookmarks():
    pdf = html_to_pdf(
        '<html lang="nl"><head><title>Besluit</title></head><body><h1>Besluit</h1>'
        "<h2>Motivering</h2><p>Tekst.</p><h3>Bezwaar</h3><p>Zes weken.</p></body></html>"
    )
    found = assert_accessible(pdf, "Besluit")
    assert found["bookmarks"] == ["Besluit", "Motivering", "Bezwaar"]


@pytest.mark.django_db
def test_simple_pdf_is_accessible_too():
    assert_accessible(simple_pdf("Demobestand", ["één"]), "Demobestand")


def test_media_images_come_from_the_storage_and_nothing_else(settings):
    name = default_storage.save("images/stip.png", ContentFile(png_bytes()))
    default_storage.save("documents/geheim.pdf", ContentFile(b"%PDF-1.4 geheim"))
    try:
        pdf = html_to_pdf(
            f'<img src="{settings.MEDIA_URL}{name}" alt="Stip">'
            f'<img src="{settings.MEDIA_URL}images/../documents/geheim.pdf" alt="">'
            f'<img src="{settings.MEDIA_URL}documents/geheim.pdf" alt="">'
            '<img src="https://elders.example/media/images/stip.png" alt=""><h1>Kop</h1>'
        )
        assert facts(pdf)["images"] == 1
    finally:
        default_storage.delete(name)
    assert storage_name("https://swv-portaal.invalid/media/images/a%20b.png") == "images/a b.png"
    for refused in (
        "https://swv-portaal.invalid/media/images/../../etc/x.png",
        "https://swv-portaal.invalid/media/documents/x.pdf",
        "https://swv-portaal.invalid/static/x.png",
        "file:///media/images/x.png",
    ):
        assert storage_name(refused) is None, refused
