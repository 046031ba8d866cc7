"""The one PDF writer: WeasyPrint, deterministic, and never on the network."""

import pytest

from cms.files.pdf import html_to_pdf, render_pdf, simple_pdf


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
