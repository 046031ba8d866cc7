"""Formal documents of an aanvraag: the besluit and the ontvangstbevestiging as PDF.

Each is rendered once (``cms.files.pdf``, WeasyPrint, never on the network) and archived
as a ``FormeelDocument`` in the private storage, with its SHA-256. After that the
stored bytes are what everyone gets: the document the school saw is the document
the SWV keeps, even when the letterhead or the objection clause changes later.

Documents are archived right after the event (submission, besluit) by a
background task queued on commit; ``archived_document`` also creates one on
first request when the task has not run yet (the demo, an outage), so a download
never waits for a worker.
"""

import base64
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django_tasks import task

from cms.files.pdf import render_pdf
from cms.operations import outbox
from loket.lifecycle import hoorrecht
from loket.models import Aanvraag, FormeelDocument, LoketSettings

logger = logging.getLogger(__name__)

Kind = FormeelDocument.Kind


def archive_on_commit(aanvraag, kind):
    """Queue the archiving of a document once the current transaction commits."""
    aanvraag_id = aanvraag.pk
    transaction.on_commit(
        lambda: outbox.enqueue(archive_document_task, aanvraag_id, kind), robust=True
    )


@task()
def archive_document_task(aanvraag_id, kind):
    """Background archiving; the payload carries ids only."""
    aanvraag = Aanvraag.objects.filter(pk=aanvraag_id).first()
    if aanvraag is None or not can_have(aanvraag, kind):
        return
    archived_document(aanvraag, kind)


def can_have(aanvraag, kind):
    """Whether a document of this kind exists (or may be made) for the aanvraag."""
    if kind == Kind.ONTVANGSTBEVESTIGING:
        return True
    if kind == Kind.BESLUIT:
        return hasattr(aanvraag, "besluit")
    return False


def archived_document(aanvraag, kind, user=None):
    """The archived document of ``kind``, rendered and stored the first time.

    Runs under a row lock on the aanvraag, so two first downloads at once
    store one document; the loser of a race reads the winner's row.
    """
    existing = FormeelDocument.objects.filter(aanvraag=aanvraag, kind=kind).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            Aanvraag.objects.select_for_update().filter(pk=aanvraag.pk).first()
            existing = FormeelDocument.objects.filter(aanvraag=aanvraag, kind=kind).first()
            if existing is not None:
                return existing
            content = render_document(aanvraag, kind)
            document = FormeelDocument(
                aanvraag=aanvraag,
                kind=kind,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                created_by=user if user is not None and user.is_authenticated else None,
            )
            document.file.save("document.pdf", ContentFile(content), save=False)
            try:
                document.save()
            except IntegrityError:
                document.file.storage.delete(document.file.name)  # no orphan file
                raise
            return document
    except IntegrityError:
        return FormeelDocument.objects.get(aanvraag=aanvraag, kind=kind)


def render_document(aanvraag, kind):
    if kind == Kind.BESLUIT:
        return render_pdf("pdf/besluit.html", besluit_context(aanvraag))
    return render_pdf("pdf/ontvangstbevestiging.html", ontvangst_context(aanvraag))


def letterhead():
    """Name, address lines and logo (as a data URI) of the SWV, from the site settings."""
    from wagtail.models import Site

    from accounts.models import Organisation
    from cms.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site is not None else None
    name = getattr(site_settings, "letterhead_name", "") or ""
    if not name:
        swv = Organisation.objects.filter(kind=Organisation.Kind.SWV).first()
        name = swv.name if swv else "Samenwerkingsverband passend onderwijs"
    address = getattr(site_settings, "letterhead_address", "") or ""
    return {
        "name": name,
        "address_lines": [line.strip() for line in address.splitlines() if line.strip()],
        "logo": _logo_data_uri(getattr(site_settings, "logo", None)),
    }


def _logo_data_uri(image):
    """The logo as a PNG data URI (the PDF writer fetches nothing else), or ``None``."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition("max-480x160|format-png")
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except Exception:  # a missing or unreadable image file: the letter goes without logo
        logger.warning("Logo voor het briefhoofd niet leesbaar (afbeelding %s).", image.pk)
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode()


def besluit_context(aanvraag):
    from loket.lifecycle.ledger import top_share
    from loket.types import AanvraagType

    besluit = aanvraag.besluit
    settings_row = LoketSettings.load()
    share = None
    if aanvraag.type == AanvraagType.TOP_ARRANGEMENT and besluit.is_granted and besluit.amount:
        share = top_share(besluit.amount)
    signer = besluit.decided_by
    return {
        "letterhead": letterhead(),
        "aanvraag": aanvraag,
        "besluit": besluit,
        "top_share": share,
        "signer_name": (signer.get_full_name() or signer.email) if signer else "",
        "signer_function": settings_row.ondertekening_functie,
        "bezwaar": settings_row.bezwaar_clausule,
        "ondertekeningen": _signed_records(aanvraag),
        "hoorrecht": hoorrecht.of(aanvraag),
        "tlv_heraanvraag": _tlv_heraanvraag(aanvraag, besluit),
    }


def _tlv_heraanvraag(aanvraag, besluit):
    """The re-request date a granted TLV's besluit names (``loket.lifecycle.tlv``)."""
    from loket.lifecycle import tlv

    if tlv.is_tlv(aanvraag) and besluit.is_granted and besluit.end_date:
        return tlv.heraanvraag_date(besluit.end_date)
    return None


def _signed_records(aanvraag):
    """Per mede-ondertekenaar the newest record, for the besluit: who (e-mail and role),
    state, when and the SHA-256 of the version signed."""
    from loket.instemming import ondertekening

    return [row for row in ondertekening.overview(aanvraag) if row["record"] is not None]


def ontvangst_context(aanvraag):
    bijlagen = [
        b
        for b in aanvraag.bijlagen.order_by("pk")
        if b.aanvulling_id is None and b.terugkoppeling_id is None and b.bezwaar_id is None
    ]
    return {
        "letterhead": letterhead(),
        "aanvraag": aanvraag,
        "sections": aanvraag.answer_sections(),
        "bijlagen": bijlagen,
        "form_title": _form_title(aanvraag),
    }


def _form_title(aanvraag):
    """The title of the form as in the revision the school submitted, else the page's."""
    revision = aanvraag.form_revision if aanvraag.form_revision_id else None
    content = getattr(revision, "content", None) or {}
    if content.get("title"):
        return content["title"]
    return aanvraag.form_page.title if aanvraag.form_page_id and aanvraag.form_page else ""
