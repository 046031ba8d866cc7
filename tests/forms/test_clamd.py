"""The virus scan against a real clamd (tests/clamd.py: Debian's clamav-daemon with a
one-line EICAR database), over TCP and over the Unix socket: a clean PDF passes, EICAR
is found in a PDF and inside a zip (deflated, so only found once clamd unpacks it), and a
clamd that is not running means the upload is refused in Dutch while the draft stays."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devkit import files
from devkit.clients import Wizard, login_verified
from forms.models import FormDraft, FormDraftFile
from forms.uploads import clamd
from forms.uploads.files import Refused, accept_upload
from tests.clamd import SIGNATURE
from tests.forms.conftest import LEERLING

ALL = ["pdf", "docx", "xlsx", "png", "jpg"]
DOWN = "virusscanner is nu niet bereikbaar"


@pytest.fixture(params=["tcp", "unix"])
def real_clamd(request):
    """The same tests once over TCP, once over the Unix socket."""
    return request.getfixturevalue(f"clamd_{request.param}")


def eicar_zip():
    """EICAR as a deflated zip entry: the raw bytes of the test file are not in the zip."""
    data = files.office_bytes("docx", extra={"word/media/bijlage.bin": files.EICAR * 20})
    assert files.EICAR not in data
    return data


def test_clamd_starts_fast_with_its_one_signature(clamd_process):
    # Measured here: about 0.05 s from start to PONG on both sockets.
    assert clamd_process.startup_seconds < 5
    assert "Loaded 1 signatures" in clamd_process.log()


def test_a_clean_pdf_and_a_clean_office_file_pass(real_clamd):
    assert clamd.scan([files.pdf_bytes()]) is None
    assert accept_upload(SimpleUploadedFile("a.pdf", files.pdf_bytes()), ALL, 50).kind == "pdf"
    docx = SimpleUploadedFile("a.docx", files.office_bytes("docx"))
    assert accept_upload(docx, ALL, 50).kind == "docx"


def test_eicar_in_a_pdf_is_found_and_refused(real_clamd):
    infected = files.pdf_bytes() + files.EICAR
    assert clamd.scan([infected]) == f"{SIGNATURE}.UNOFFICIAL"
    with pytest.raises(Refused, match="virus gevonden"):
        accept_upload(SimpleUploadedFile("a.pdf", infected), ALL, 50)


def test_eicar_inside_a_zip_is_found_and_refused(real_clamd):
    assert clamd.scan([eicar_zip()]) == f"{SIGNATURE}.UNOFFICIAL"
    with pytest.raises(Refused, match="virus gevonden"):
        accept_upload(SimpleUploadedFile("verslag.docx", eicar_zip()), ALL, 50)


def test_a_stopped_clamd_means_refused_not_stored_unscanned(clamd_stopped):
    with pytest.raises(clamd.ScanUnavailable):
        clamd.scan([files.pdf_bytes()])
    with pytest.raises(Refused, match=DOWN):
        accept_upload(SimpleUploadedFile("a.pdf", files.pdf_bytes()), ALL, 50)


def test_a_stopped_clamd_over_the_unix_socket_means_refused(settings, clamd_stopped):
    settings.CLAMD_HOST, settings.CLAMD_SOCKET = "", clamd_stopped.socket
    with pytest.raises(Refused, match=DOWN):
        accept_upload(SimpleUploadedFile("a.pdf", files.pdf_bytes()), ALL, 50)


# --- through the wizard, as a school user would ----------------------------------------


def test_wizard_refuses_eicar_in_a_pdf_and_in_a_zip(client, school_user, journey_form, real_clamd):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    for name, data in [("plan.pdf", files.pdf_bytes() + files.EICAR), ("plan.docx", eicar_zip())]:
        response = w.post("stap2", {"wat": "x"}, files={"plan": SimpleUploadedFile(name, data)})
        assert response.status_code == 200
        assert "In dit bestand is een virus gevonden" in response.content.decode()
    assert not FormDraftFile.objects.exists()
    response = w.post(
        "stap2", {"wat": "x"}, files={"plan": SimpleUploadedFile("plan.pdf", files.pdf_bytes())}
    )
    assert response.status_code == 302
    assert FormDraftFile.objects.get().original_name == "plan.pdf"


def test_wizard_with_clamd_stopped_refuses_in_dutch_and_keeps_the_draft(
    client, school_user, journey_form, clamd_stopped
):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    response = w.post(
        "stap2", {"wat": "x"}, files={"plan": SimpleUploadedFile("plan.pdf", files.pdf_bytes())}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "De virusscanner is nu niet bereikbaar; je bestand is niet opgeslagen." in body
    assert not FormDraftFile.objects.exists()
    draft = FormDraft.objects.get()
    assert draft.data["step_data"]["stap1"]["stap1-extra"] == ["ja"]  # kept, not lost

    clamd_stopped.start()  # clamd back on the same socket: the same draft goes on
    try:
        response = w.post(
            "stap2", {"wat": "x"}, files={"plan": SimpleUploadedFile("plan.pdf", files.pdf_bytes())}
        )
    finally:
        clamd_stopped.stop()
    assert response.status_code == 302
    assert FormDraftFile.objects.get().draft == draft
