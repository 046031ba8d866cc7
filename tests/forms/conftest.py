"""Fixtures for the form engine: form pages built like an editor builds them."""

import io
import json
from contextlib import ExitStack

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devkit.clients import Wizard, login_verified
from devkit.files import png_bytes
from forms import build
from forms import definition as d
from forms.build import calc, cond, fld, step
from forms.handoff import HandOff, handoffs
from forms.models import LoketFormPage
from loket.demo import forms as loket_demo_forms
from tests.clamd import clamd_process, clamd_stopped, clamd_tcp, clamd_unix  # noqa: F401 (a real clamd)
from tests.conftest import ensure_site_tree

# A real image: the upload pipeline decodes images in full.
PNG_BYTES = png_bytes()


def fake_pdf(name="virus.pdf"):
    """A file named .pdf that is not a PDF."""
    return SimpleUploadedFile(
        name, b"MZ\x90\x00 not a pdf at all" * 10, content_type="application/pdf"
    )


@pytest.fixture
def form_index(db):
    ensure_site_tree()
    return build.form_index()


@pytest.fixture
def make_form(form_index):
    def make(steps, slug="testformulier", title="Testformulier", **kwargs):
        kwargs.setdefault("handoff", TEST_HANDOFF)
        page = LoketFormPage(title=title, slug=slug, steps=json.dumps(steps), **kwargs)
        form_index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def demo_forms(form_index):
    pages = {
        spec["slug"]: build.create_form(form_index, spec) for spec in loket_demo_forms.form_specs()
    }
    for page in pages.values():
        page.refresh_from_db()
    return pages


@pytest.fixture
def school_user(users):
    return users["school_a"]


@pytest.fixture
def school_client(client, school_user):
    return login_verified(client, school_user)


TEST_HANDOFF = "test"  # the hand-off of forms made with ``make_form``


def _recording(entry, received):
    def handle(submission):
        result = entry.handle(submission)
        received.append(submission)
        return result

    return HandOff(entry.label, handle, entry.describe)


@pytest.fixture(autouse=True)
def test_handoff():
    """A hand-off for test forms, and every registered hand-off wrapped so that it
    also records what it received (see ``handed_off``)."""
    received = []
    with ExitStack() as stack:
        for key, entry in handoffs:
            stack.enter_context(handoffs.override(key, _recording(entry, received)))
        stack.enter_context(handoffs.override(TEST_HANDOFF, HandOff("Test", received.append)))
        yield received


@pytest.fixture
def handed_off(test_handoff):
    """The list of submissions the test forms handed off."""
    return test_handoff


@pytest.fixture
def wizard(school_client):
    def make(page):
        return Wizard(school_client, page)

    return make


_ = io


# The journey form of test_journey*.py: three steps, a condition, a calculation, an upload.
JOURNEY = [
    step(
        "Leerling",
        [
            fld("leerling", "leerling", "Leerling"),
            fld(d.YES_NO, "extra", "Is extra ondersteuning nodig?"),
        ],
    ),
    step(
        "Extra ondersteuning",
        [
            fld(d.LONG_TEXT, "wat", "Welke ondersteuning?"),
            fld(
                d.FILE, "plan", "Plan van aanpak", allowed_types=["pdf"], max_size_mb=1, max_files=2
            ),
        ],
        condition=cond("extra", d.EQUALS, "ja"),
    ),
    step(
        "Begroting",
        [
            fld(d.NUMBER, "uren", "Uren"),
            fld(
                d.AMOUNT, "tarief", "Uurtarief", max_value="80", max_error="Maximaal € 80 per uur."
            ),
            calc("totaal", "Totaal", d.PRODUCT, "uren, tarief"),
            fld(d.DECLARATION, "akkoord", "Ik verklaar dat alles klopt."),
        ],
    ),
]

LEERLING = {
    "leerling__naam": "Fien de Vries",
    "leerling__geboortedatum": "2015-03-04",
    "leerling__groep": "5",
}


@pytest.fixture
def journey_form(make_form):
    return make_form(JOURNEY, notify_emails="loket@swv.example")
