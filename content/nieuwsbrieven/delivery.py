"""Delivering a send: workers claim queued rows and mail them in batches.

Guarantee: nobody gets the same send twice, also when a worker crashes halfway.

* ``sending.create_send`` renders the mail once and writes one ``Delivery`` row per
  recipient (unique per send and subscriber), then enqueues the task
  (``tasks.deliver_newsletter``), which calls ``deliver`` here.
* A worker *claims* a batch of queued rows (``SELECT ... FOR UPDATE SKIP
  LOCKED`` on PostgreSQL, a conditional ``UPDATE`` everywhere), so two workers
  never take the same row.
* Just before the SMTP calls a small group of rows (``NEWSLETTER_SENDING_GROUP``,
  default 10; one UPDATE, one commit) is moved to "sending". Rows are only
  ever picked up while "queued", so once a row is "sending" it is never mailed
  again. After the group the results (sent / failed) are written.
* If the task fails with an exception, we know exactly what happened: rows
  not yet handed to SMTP go back to "queued"; the one in flight is marked
  failed as "onderbroken", because we cannot know whether the server took it.
* After a hard crash (process killed) ``release_stale_claims`` puts claimed rows
  older than ``NEWSLETTER_CLAIM_TIMEOUT`` seconds back in the queue and marks
  the "sending" ones (at most one group) as failed: better one group reported
  failed than anyone mailed twice. A group of 1 makes that exact, at the cost
  of a commit per mail.
* A recipient the server refuses during the session (RCPT or DATA) is *failed* with
  the reason, and the refusal is recorded as a bounce (``bounces.record_refusals``:
  5xx to RCPT hard, else soft), as a DSN from the bounce mailbox would be.
"""

import logging
import smtplib
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Delivery, NewsletterSend, Subscription
from .rendering import personal_links, personalise
from .verp import return_path

logger = logging.getLogger(__name__)

D = Delivery.Status

INTERRUPTED = "Onderbroken tijdens verzenden; niet opnieuw verstuurd om dubbele mail te voorkomen."
NOT_SUBSCRIBED = "Niet meer aangemeld bij verzending."

# Errors that concern one recipient: record and carry on with the batch.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def batch_size():
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)))


def sending_group():
    return max(1, int(getattr(settings, "NEWSLETTER_SENDING_GROUP", 10)))


def claim_timeout():
    return int(getattr(settings, "NEWSLETTER_CLAIM_TIMEOUT", 15 * 60))


def task_seconds():
    return int(getattr(settings, "NEWSLETTER_TASK_SECONDS", 120))


def from_email():
    return getattr(settings, "NEWSLETTER_FROM_EMAIL", None) or settings.DEFAULT_FROM_EMAIL


def build_message(subject, html, text, email, unsubscribe_url, manage_url, envelope=None):
    """The mail; ``envelope`` (VERP, ``verp.return_path``) is the SMTP sender, the From
    header stays the newsletter's (Django sends ``from_email`` as ``MAIL FROM``)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=personalise(text, unsubscribe_url, manage_url),
        from_email=envelope or from_email(),
        to=[email],
        headers={
            "From": from_email(),
            # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(personalise(html, unsubscribe_url, manage_url), "text/html")
    return message


def release_stale_claims(send, older_than=None):
    """After a hard crash: unreached claims back to the queue, in-flight rows to failed."""
    limit = timezone.now() - timedelta(
        seconds=claim_timeout() if older_than is None else older_than
    )
    stale = Delivery.objects.filter(send=send, claimed_at__lte=limit)
    requeued = stale.filter(status=D.CLAIMED).update(status=D.QUEUED, claim=None, claimed_at=None)
    interrupted = stale.filter(status=D.SENDING).update(status=D.FAILED, error=INTERRUPTED)
    return requeued, interrupted


def claim_batch(send, size):
    """Take up to ``size`` queued rows of ``send`` for this worker; returns the claim id."""
    claim = uuid.uuid4()
    with transaction.atomic():
        queued = Delivery.objects.filter(send=send, status=D.QUEUED).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("pk", flat=True)[:size])
        if not ids:
            return None
        claimed = Delivery.objects.filter(pk__in=ids, status=D.QUEUED).update(
            status=D.CLAIMED, claim=claim, claimed_at=timezone.now()
        )
    return claim if claimed else claim_batch(send, size)


def _batch_rows(send, claim):
    """(delivery id, e-mail, token, still subscribed) for the claimed rows."""
    active = Subscription.objects.filter(
        subscriber=OuterRef("subscriber_id"),
        subscriber__suppressed_at__isnull=True,
        newsletter_list__in=send.lists.all(),
        status=Subscription.Status.ACTIVE,
    )
    return list(
        Delivery.objects.filter(claim=claim, status=D.CLAIMED)
        .annotate(active=Exists(active))
        .order_by("pk")
        .values_list("pk", "subscriber__email", "subscriber__token", "active")
    )


def send_batch(send, claim, mail_connection=None):
    """Mail the rows of one claim over one connection, group by group. Returns (sent, failed)."""
    rows = _batch_rows(send, claim)
    skipped = [pk for pk, email, _token, active in rows if not email or not active]
    to_send = [row for row in rows if row[1] and row[3]]
    size = sending_group()
    n_sent = n_failed = 0
    mail_connection = mail_connection or get_connection()
    try:
        if skipped:
            Delivery.objects.filter(pk__in=skipped, claim=claim, status=D.CLAIMED).update(
                status=D.FAILED, error=NOT_SUBSCRIBED
            )
        mail_connection.open()
        for start in range(0, len(to_send), size):
            group_sent, group_failed = _send_group(
                send, claim, to_send[start : start + size], mail_connection
            )
            n_sent += group_sent
            n_failed += group_failed
    except Exception:
        # Put back what this batch never handed to SMTP.
        Delivery.objects.filter(claim=claim, status=D.CLAIMED).update(
            status=D.QUEUED, claim=None, claimed_at=None
        )
        raise
    finally:
        try:
            mail_connection.close()
        except Exception:  # closing a broken connection must not hide the real error
            logger.warning("Newsletter send %s: closing the mail connection failed", send.pk)
    return n_sent, n_failed + len(skipped)


def _refusal(error):
    """(code, reply, stage) of a refusal: the server's answer to RCPT TO (one recipient
    per message) or to the message after DATA; the bounce rules classify it."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()), (0, b""))
        return code, reply, "rcpt"
    return error.smtp_code, error.smtp_error, "data"


def _send_group(send, claim, group, mail_connection):
    """Mark a small group "sending" in one statement, mail it, record the results.

    The group size bounds what a hard crash leaves unknown; after an ordinary
    exception we know exactly which rows were sent, which one was in flight and
    which were never tried (those go back to the queue).
    """
    ids = [row[0] for row in group]
    moved = Delivery.objects.filter(pk__in=ids, claim=claim, status=D.CLAIMED).update(
        status=D.SENDING
    )
    if moved != len(ids):  # part of the claim was released meanwhile: send only our rows
        ours = set(
            Delivery.objects.filter(pk__in=ids, claim=claim, status=D.SENDING).values_list(
                "pk", flat=True
            )
        )
        group = [row for row in group if row[0] in ours]
    sent, failed, refusals = [], {}, {}
    position = 0
    try:
        for position, (pk, email, token, _active) in enumerate(group):  # noqa: B007 (read after)
            unsubscribe_url, manage_url = personal_links(token, send.pk)
            message = build_message(
                *(send.subject, send.html, send.text, email, unsubscribe_url, manage_url),
                envelope=return_path(pk),
            )
            message.connection = mail_connection
            try:
                message.send()
            except RECIPIENT_ERRORS as error:
                reason = f"Geweigerd door de mailserver ({type(error).__name__})."
                failed.setdefault(reason, []).append(pk)
                refusals[pk] = _refusal(error)
            else:
                sent.append(pk)
        position = len(group)
    except Exception:
        failed.setdefault(INTERRUPTED, []).append(group[position][0])
        untried = [row[0] for row in group[position + 1 :]]
        Delivery.objects.filter(pk__in=untried, claim=claim, status=D.SENDING).update(
            status=D.QUEUED, claim=None, claimed_at=None
        )
        raise
    finally:
        if sent:
            Delivery.objects.filter(pk__in=sent, status=D.SENDING).update(
                status=D.SENT, sent_at=timezone.now()
            )
        for reason, failed_ids in failed.items():
            Delivery.objects.filter(pk__in=failed_ids, status=D.SENDING).update(
                status=D.FAILED, error=reason[:200]
            )
        if refusals:
            from .bounces import record_refusals  # (bounces -> sending -> here)

            record_refusals(refusals)
    return len(sent), sum(len(failed_ids) for failed_ids in failed.values())


def deliver(send_id, seconds=None):
    """Work through the queued deliveries of a send for at most ``seconds``.

    Returns True when the send is finished, False when the caller should enqueue
    another run (time budget used up).
    """
    send = NewsletterSend.objects.get(pk=send_id)
    if send.status == NewsletterSend.Status.DONE:
        return True
    NewsletterSend.objects.filter(pk=send.pk, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    NewsletterSend.objects.filter(pk=send.pk).update(status=NewsletterSend.Status.SENDING)
    release_stale_claims(send)
    deadline = time.monotonic() + (task_seconds() if seconds is None else seconds)
    size = batch_size()
    while True:
        claim = claim_batch(send, size)
        if claim is None:
            break
        send_batch(send, claim)
        if time.monotonic() > deadline:
            return False
    finish_if_complete(send)
    return True


def finish_if_complete(send):
    open_rows = Delivery.objects.filter(send=send, status__in=[D.QUEUED, D.CLAIMED, D.SENDING])
    if not open_rows.exists():
        NewsletterSend.objects.filter(pk=send.pk).exclude(status=NewsletterSend.Status.DONE).update(
            status=NewsletterSend.Status.DONE, finished_at=timezone.now()
        )
        return True
    return False
