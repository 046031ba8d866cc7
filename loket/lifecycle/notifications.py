"""E-mails about aanvragen, sent in the background through the Django Tasks API.

A notification names only the kenmerk and links to the portal: never the
pupil's name, never an answer. Task payloads carry ids only; the task reads
what it needs from the database when it runs. A failing SMTP server is retried
by enqueueing the task again (later, when the backend can defer) up to
``MAX_ATTEMPTS`` times.
"""

import logging
import smtplib
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.models import ConsulentAssignment, Membership, Role
from cms.operations import outbox

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=5)

SCHOOL_KINDS = {
    "status",
    "terugkoppeling",
    "besluit",
    "bezwaar_uitstel",
    "hoorzitting",
    "beslissing_bezwaar",
    "herziening",
    "tlv_herinnering",
    "evaluatie_herinnering",
    "evaluatie_te_laat",
    "evaluatie_verplaatst",
}
CONSULENT_KINDS = {
    "nieuw",
    "aanvulling",
    "toegewezen",
    "ingetrokken",
    "bezwaar",
    "bezwaar_ingetrokken",
    "evaluatie",
}

SUBJECTS = {
    "status": "De status van aanvraag {ref} is gewijzigd",
    "terugkoppeling": "Nieuwe terugkoppeling op aanvraag {ref}",
    "besluit": "Er is een besluit over aanvraag {ref}",
    "tlv_herinnering": "De TLV bij aanvraag {ref} loopt af: vraag op tijd een verlenging aan",
    "nieuw": "Nieuwe aanvraag {ref} in het loket",
    "aanvulling": "Aanvraag {ref} is aangevuld",
    "toegewezen": "Aanvraag {ref} is aan je toegewezen",
    "ingetrokken": "Aanvraag {ref} is ingetrokken door de school",
    "bezwaar": "Bezwaar tegen het besluit op aanvraag {ref}",
    "bezwaar_uitstel": "Bezwaar op aanvraag {ref} is alsnog mogelijk",
    "bezwaar_ingetrokken": "Bezwaar op aanvraag {ref} is ingetrokken door de school",
    "hoorzitting": "Verslag van de hoorzitting over aanvraag {ref}",
    "beslissing_bezwaar": "Beslissing op het bezwaar over aanvraag {ref}",
    "herziening": "Het besluit over aanvraag {ref} is herzien",
    "evaluatie_herinnering": "Evaluatie van aanvraag {ref}: het evaluatiemoment komt eraan",
    "evaluatie_te_laat": "Evaluatie van aanvraag {ref}: het evaluatiemoment is voorbij",
    "evaluatie": "Evaluatie ontvangen bij aanvraag {ref}",
    "evaluatie_verplaatst": "Evaluatie van aanvraag {ref}: het evaluatiemoment is verplaatst",
}

# The body of the kinds after a besluit (bezwaar, herziening): one sentence, the
# kenmerk only, like every other notification.
SENTENCES = {
    "bezwaar": "De school heeft bezwaar gemaakt tegen het besluit op aanvraag {ref}.",
    "bezwaar_ingetrokken": "De school heeft haar bezwaar tegen het besluit op aanvraag {ref} "
    "ingetrokken.",
    "bezwaar_uitstel": "De commissie laat een bezwaar tegen het besluit op aanvraag {ref} "
    "alsnog toe. In het portaal staat tot wanneer.",
    "hoorzitting": "Het verslag van de hoorzitting over het bezwaar op aanvraag {ref} "
    "staat in het portaal.",
    "beslissing_bezwaar": "De commissie heeft beslist op het bezwaar over aanvraag {ref}.",
    "herziening": "De commissie heeft het besluit over aanvraag {ref} herzien. Het "
    "oorspronkelijke besluit blijft in het portaal staan.",
    "evaluatie_herinnering": "Er is iets veranderd: bij aanvraag {ref} komt een "
    "evaluatiemoment eraan. Log in en vul de evaluatie in vanuit de aanvraag in Mijn loket.",
    "evaluatie_te_laat": "Er is iets veranderd: het evaluatiemoment van aanvraag {ref} is "
    "voorbij en de evaluatie is nog niet ontvangen. Log in en vul de evaluatie in vanuit de "
    "aanvraag in Mijn loket.",
    "evaluatie": "De school heeft een evaluatie ingevuld bij aanvraag {ref}.",
    "evaluatie_verplaatst": "Er is iets veranderd: het SWV heeft een evaluatiemoment van "
    "aanvraag {ref} verplaatst. De nieuwe datum staat bij de aanvraag in Mijn loket.",
}


_muted = [0]


@contextmanager
def muted():
    """No notifications inside this block (the demo data must not mail anyone)."""
    _muted[0] += 1
    try:
        yield
    finally:
        _muted[0] -= 1


def notify_school(aanvraag, kind):
    """Queue a mail to the school's users, once the current transaction commits."""
    if _muted[0]:
        return
    aanvraag_id = aanvraag.pk
    transaction.on_commit(lambda: outbox.enqueue(send_notification, kind, aanvraag_id))


def notify_consulent(aanvraag, kind, consulent=None):
    if _muted[0]:
        return
    aanvraag_id = aanvraag.pk
    consulent_id = consulent.pk if consulent else None
    transaction.on_commit(
        lambda: outbox.enqueue(send_notification, kind, aanvraag_id, consulent_id=consulent_id)
    )


def recipients(aanvraag, kind, consulent_id=None):
    from accounts.models import User

    if kind in SCHOOL_KINDS:
        emails = set(
            Membership.objects.filter(
                organisation_id=aanvraag.school_id,
                role=Role.SCHOOLGEBRUIKER,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
        if aanvraag.submitted_by_id and aanvraag.submitted_by.is_active:
            emails.add(aanvraag.submitted_by.email)
        return sorted(emails)
    if consulent_id:
        return list(
            User.objects.filter(pk=consulent_id, is_active=True).values_list("email", flat=True)
        )
    if aanvraag.consulent_id and aanvraag.consulent.is_active:
        return [aanvraag.consulent.email]
    return sorted(
        ConsulentAssignment.objects.filter(
            school_id=aanvraag.school_id, consulent__is_active=True
        ).values_list("consulent__email", flat=True)
    )


def build_message(aanvraag, kind, to):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if kind in SCHOOL_KINDS:
        link = base + reverse("loket:aanvraag", args=[aanvraag.reference])
    else:
        link = base + reverse("loket_admin:detail", args=[aanvraag.pk])
    context = {
        "reference": aanvraag.reference,
        "kind": kind,
        "status": aanvraag.get_status_display(),
        "type": aanvraag.get_type_display(),
        "link": link,
        "portal": settings.PORTAL_NAME,
        "sentence": SENTENCES.get(kind, "").format(ref=aanvraag.reference),
    }
    subject = SUBJECTS[kind].format(ref=aanvraag.reference)
    text = render_to_string("loket/email/notification.txt", context)
    html = render_to_string("loket/email/notification.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_notification(kind, aanvraag_id, consulent_id=None, attempt=1):
    """Send one notification; re-enqueue itself when the SMTP server fails."""
    from loket.models import Aanvraag

    aanvraag = (
        Aanvraag.objects.select_related("submitted_by", "consulent").filter(pk=aanvraag_id).first()
    )
    if aanvraag is None:
        return 0
    to = recipients(aanvraag, kind, consulent_id)
    if not to:
        return 0
    try:
        return build_message(aanvraag, kind, to).send()
    except (smtplib.SMTPException, OSError):
        if attempt >= MAX_ATTEMPTS:
            logger.error("Melding %s voor aanvraag %s niet verstuurd.", kind, aanvraag_id)
            raise
        logger.warning(
            "Melding %s voor aanvraag %s: poging %s mislukt.", kind, aanvraag_id, attempt
        )
        retry = send_notification
        backend = retry.get_backend()
        if backend.supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_DELAY * attempt)
        retry.enqueue(kind, aanvraag_id, consulent_id=consulent_id, attempt=attempt + 1)
        return 0
