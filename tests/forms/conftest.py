"""Fixtures for the form engine: form pages built like an editor builds them."""

import io
import json
import uuid
from contextlib import ExitStack

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms import build
from forms.handoff import HandOff, handoffs
from forms.models import FormDraft, LoketFormPage
from loket import demo_forms as loket_demo_forms
from tests.conftest import ensure_site_tree, login_verified
from tests.files import pdf_bytes, png_bytes

# Real files: the upload pipeline parses PDFs and decodes images in full.
PDF_BYTES = pdf_bytes()
PNG_BYTES = png_bytes()


def pdf(name="bijlage.pdf", size=None):
    content = PDF_BYTES if size is None else pdf_bytes(pad=max(size - len(PDF_BYTES), 0))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


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


class Wizard:
    """Drives a loket form through HTTP like a browser: ``start`` opens a draft (a
    second ``start`` is a double click on the same start page: the same draft),
    the other calls work on that draft at ``<form page>/concept/<key>/``."""

    def __init__(self, client, page):
        self.client = client
        self.page = page
        self.key = None
        self.start_key = str(uuid.uuid4())

    @property
    def url(self):
        if self.key is None:
            draft = self.draft()
            return draft.get_absolute_url() if draft else self.page.url
        return f"{self.page.url}concept/{self.key}/"

    def draft(self):
        drafts = FormDraft.objects.filter(page=self.page)
        if self.key is not None:
            return drafts.filter(key=self.key).first()
        return drafts.first()

    def start(self, school=None, title=""):
        data = {"start": "1", "start_key": self.start_key, "title": title}
        if school is not None:
            data["organisation"] = school.pk
        response = self.client.post(self.page.url, data)
        if response.status_code == 302 and "/concept/" in response.url:
            self.key = response.url.rstrip("/").rsplit("/", 1)[-1]
        return response

    def current(self):
        return self.client.get(self.url)

    def post(self, step, data=None, files=None, goto=None, draft_key=None, raw=None):
        if draft_key is None and self.key is None:
            draft = self.draft()
            draft_key = draft.key if draft else ""
        payload = {
            "loketformulier-current_step": step,
            "draft_key": str(draft_key or self.key),
        }
        for key, value in (data or {}).items():
            payload[f"{step}-{key}"] = value
        for key, value in (files or {}).items():
            payload[f"{step}-{key}"] = value
        if goto:
            payload["wizard_goto_step"] = goto
        payload.update(raw or {})
        return self.client.post(self.page.url, payload)

    def submit(self, draft_key=None):
        return self.post("overzicht", draft_key=draft_key)


@pytest.fixture
def wizard(school_client):
    def make(page):
        return Wizard(school_client, page)

    return make


_ = io
