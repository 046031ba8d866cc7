"""A logged-in test client and a form-wizard driver, shared by the tests and the benchmarks.

``login_verified`` marks the session verified with a real confirmed TOTP device
(django-otp's own session key), so a client passes the 2FA middleware exactly as a
user who typed a code. ``Wizard`` fills a loket form through HTTP like a browser.
"""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp import DEVICE_ID_SESSION_KEY

from devkit.factories import TOTPDeviceFactory
from devkit.files import pdf_bytes
from forms.models import FormDraft

# Real files: the upload pipeline parses PDFs and decodes images in full.
PDF_BYTES = pdf_bytes()


def pdf(name="bijlage.pdf", size=None):
    content = PDF_BYTES if size is None else pdf_bytes(pad=max(size - len(PDF_BYTES), 0))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def login_verified(client, user):
    device = user.totpdevice_set.filter(confirmed=True).first() or TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


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
