"""The one upload pipeline (issue 10, hole 7): content judged in full, images
re-encoded, Office packages bounded, names made safe, optional clamd scan
(a real clamd, tests/clamd.py; its own tests in test_clamd.py)."""

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from devkit import files
from devkit.clients import Wizard, login_verified
from forms.models import FormDraftFile
from forms.uploads.files import Refused, accept_upload, download_name
from tests.forms.conftest import LEERLING

ALL = ["pdf", "docx", "xlsx", "png", "jpg"]


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plaatje.png", lambda: files.png_html_polyglot(), "geen geldige afbeelding"),
        ("verslag.docx", lambda: files.zip_bomb_docx(60), "pakt uit tot iets veel groters"),
        ("verslag.docx", lambda: files.plain_zip(), "geen geldig Office-bestand"),
        ("verslag.pdf", lambda: files.HTML, "geen toegestaan bestandstype"),
        ("verslag.pdf", lambda: files.ELF, "geen toegestaan bestandstype"),
        ("verslag.pdf", lambda: b"%PDF-1.7\n" + files.HTML, "geen geldig PDF-bestand"),
        ("leeg.pdf", lambda: b"", "leeg"),
        ("groot.pdf", lambda: b"%PDF-" + b"0" * (60 * 1024 * 1024), "groter dan 50 MB"),
        ("x\0.pdf.exe", lambda: files.pdf_bytes(), "ongeldige tekens"),
        ("factuur\u202efdp.exe", lambda: files.pdf_bytes(), "ongeldige tekens"),
        ("..\\..\\etc\\passwd.pdf", lambda: files.pdf_bytes(), "geen geldige bestandsnaam"),
        ("a" * 300 + ".pdf", lambda: files.pdf_bytes(), "te lang"),
    ],
)
def test_abuse_files_get_a_dutch_refusal(name, data, message):
    with pytest.raises(Refused, match=message):
        accept_upload(upload(name, data()), ALL, 50)


def test_valid_files_pass_with_a_name_from_their_judged_type():
    for name, data, kind in [
        ("brief.pdf", files.pdf_bytes(), "pdf"),
        ("foto.JPEG", files.jpeg_bytes(), "jpg"),
        ("scan.png", files.png_bytes(), "png"),
        ("plan.docx", files.office_bytes("docx"), "docx"),
        ("begroting.xlsx", files.office_bytes("xlsx"), "xlsx"),
    ]:
        judged = accept_upload(upload(name, data), ALL, 50)
        assert judged.kind == kind
        assert judged.name.endswith(f".{kind}")
    # A PDF called x.pdf.exe is kept as a PDF, never under an .exe name.
    assert accept_upload(upload("x.pdf.exe", files.pdf_bytes()), ALL, 50).name == "x_pdf_exe.pdf"
    # A docx is not an xlsx, whatever its name says.
    with pytest.raises(Refused):
        accept_upload(upload("b.xlsx", files.office_bytes("docx")), ["xlsx"], 50)


@pytest.mark.parametrize("name", ["%.pdf", "#!.pdf", "%", "€€€.pdf", "%.%"])
def test_a_name_with_nothing_usable_left_becomes_bestand(name):
    """Found by the random answers test: "%" as a name made Django's
    get_valid_filename raise, a 500 while refusing or storing the file."""
    assert accept_upload(upload(name, files.pdf_bytes()), ALL, 50).name == "bestand.pdf"
    with pytest.raises(Refused, match="geen toegestaan bestandstype"):
        accept_upload(upload(name, files.HTML), ALL, 50)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.text(max_size=40), kind=st.sampled_from(["pdf", "html", "empty"]))
def test_any_name_is_accepted_or_refused_never_an_error(name, kind):
    """Whatever a browser sends as a file name: a stored name or a Dutch refusal."""
    data = {"pdf": files.pdf_bytes(), "html": files.HTML, "empty": b""}[kind]
    try:
        upload_file = upload(name, data)
    except SuspiciousFileOperation:
        assume(False)  # Django's own upload object refuses it before our code runs
    try:
        judged = accept_upload(upload_file, ALL, 50)
    except Refused:
        return
    assert judged.name.endswith(".pdf") and "/" not in judged.name
    assert download_name(name, "application/pdf").endswith(".pdf")


def test_image_is_stored_re_encoded_without_what_was_appended():
    judged = accept_upload(upload("scan.png", files.png_with_appended_html()), ALL, 50)
    stored = judged.content.read()
    assert stored.startswith(b"\x89PNG") and b"<script>" not in stored


def test_office_bounds_come_from_settings(settings):
    settings.UPLOAD_OFFICE_MAX_UNCOMPRESSED_MB = 1
    with pytest.raises(Refused, match="pakt uit"):
        accept_upload(upload("a.docx", files.zip_bomb_docx(2)), ALL, 50)


def test_download_name_never_carries_control_characters_or_a_foreign_extension():
    assert download_name("x\0.pdf.exe", "application/pdf") == "x_pdf_exe.pdf"
    assert download_name("rapport\u202egpj.exe", "image/jpeg") == "rapportgpj_exe.jpg"
    assert download_name("../../a.pdf", "application/octet-stream") == "a.pdf"


# --- through the wizard ----------------------------------------------------------------


def test_wizard_refuses_abuse_files_and_stores_a_safe_name(
    client, school_user, journey_form, clamd_tcp
):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    for name, data, message in [
        ("plan.pdf", files.HTML, "geen toegestaan bestandstype"),
        ("plan.pdf", files.ELF, "geen toegestaan bestandstype"),
        ("plan.pdf", b"", "leeg"),
        ("plan.pdf", files.pdf_bytes() + files.EICAR, "virus"),
        ("a" * 240 + ".pdf", files.pdf_bytes(), "te lang"),
    ]:
        response = w.post("stap2", {"wat": "x"}, files={"plan": upload(name, data)})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not FormDraftFile.objects.exists()
    # Django's parser drops the NUL; the judged type decides the extension.
    response = w.post(
        "stap2", {"wat": "x"}, files={"plan": upload("x\0.pdf.exe", files.pdf_bytes())}
    )
    assert response.status_code == 302
    assert FormDraftFile.objects.get().original_name == "x_pdf_exe.pdf"
