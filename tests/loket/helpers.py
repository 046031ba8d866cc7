"""Helpers for loket tests: a stand-in for the form engine's FormSubmission."""

import hashlib
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from devkit.files import pdf_bytes
from loket.lifecycle.intake import create_aanvraag_from_submission
from loket.types import AanvraagType

PDF = pdf_bytes()  # a real PDF: the upload pipeline parses it

LABELS = [
    {
        "title": "Leerling",
        "fields": [
            {"name": "leerling", "label": "Over welke leerling gaat het?", "type": "leerling"}
        ],
        "roles": {"leerling": "leerling"},
    },
    {
        "title": "Onderbouwing",
        "fields": [
            {"name": "omgeving", "label": "Hoe wordt de omgeving aangepast?", "type": "text"},
            {"name": "bedrag", "label": "Gevraagd totaalbedrag", "type": "number"},
            {"name": "opp", "label": "OPP + evaluatie", "type": "file"},
        ],
    },
]


def stored_file(name="opp.pdf", data=PDF, field_name="opp", content_type="application/pdf"):
    return SimpleNamespace(
        field_name=field_name,
        file=ContentFile(data, name=name),
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def submission(
    school,
    user,
    *,
    naam="Sanne Testleerling",
    geboortedatum="2015-03-04",
    groep="6",
    aanvraag_type=AanvraagType.TOP_ARRANGEMENT,
    files=None,
    answers=None,
):
    base_answers = {
        "leerling": {"naam": naam, "geboortedatum": geboortedatum, "groep": groep},
        "omgeving": "De leerkracht krijgt coaching in de groep.",
        "bedrag": 20000,
    }
    if answers is not None:
        base_answers = answers
    return SimpleNamespace(
        page=None,
        revision=None,
        user=user,
        organisation=school,
        handoff=aanvraag_type,
        answers=base_answers,
        labels=LABELS,
        files=files if files is not None else [stored_file()],
        submitted_at=timezone.now(),
    )


def make_aanvraag(school, user, **kwargs):
    return create_aanvraag_from_submission(submission(school, user, **kwargs))


def pdf_text(pdf):
    """The text of a PDF with all whitespace (line breaks included) as single spaces."""
    import io

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())
