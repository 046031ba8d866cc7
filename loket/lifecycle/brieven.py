"""The formal letters after a besluit: hearing, beslissing op bezwaar, herziening.

Unlike the besluit (``loket.lifecycle.documenten``, archived by a background task),
these are rendered inside the service's transaction, right when the commissie
records them: the PDF is part of the decision, so a letter that cannot be made
means nothing is decided (all or nothing), and the stored bytes are the letter
the school is told about. Same writer (``cms.files.pdf``, PDF/UA tagged), same
private storage, same SHA-256; never rendered a second time.
"""

import hashlib

from django.core.files.base import ContentFile

from cms.files.pdf import render_pdf
from loket.lifecycle.documenten import letterhead
from loket.models import FormeelDocument, LoketSettings

Kind = FormeelDocument.Kind

TEMPLATES = {
    Kind.HOORZITTING: "pdf/hoorzitting.html",
    Kind.BESLISSING_OP_BEZWAAR: "pdf/beslissing_op_bezwaar.html",
    Kind.HERZIENING: "pdf/herziening.html",
}


def store_letter(aanvraag, kind, user, *, bezwaar=None, herziening=None, **context):
    """Render and archive one letter; the caller is inside ``transaction.atomic``.

    The services call it after every check, as their last write before the
    logboek, so a refusal never leaves a file behind; a row that fails to save
    removes its file."""
    signer = user.get_full_name() or user.email
    settings_row = LoketSettings.load()
    content = render_pdf(
        TEMPLATES[kind],
        {
            "letterhead": letterhead(),
            "aanvraag": aanvraag,
            "bezwaar": bezwaar,
            "herziening": herziening,
            "signer_name": signer,
            "signer_function": settings_row.ondertekening_functie,
            "bezwaar_clausule": settings_row.bezwaar_clausule,
            **context,
        },
    )
    document = FormeelDocument(
        aanvraag=aanvraag,
        kind=kind,
        bezwaar=bezwaar,
        herziening=herziening,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=user,
    )
    document.file.save("document.pdf", ContentFile(content), save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)  # no orphan file
        raise
    return document
