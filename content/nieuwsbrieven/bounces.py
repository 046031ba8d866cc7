"""Bounce rules: which bounces suppress a subscriber, and reading the bounce mailbox.

The rules (as listmonk and Laposta apply them):

* a *hard* bounce (the address does not exist) suppresses the subscriber at once;
* *soft* bounces (mailbox full, server away) suppress only after
  ``NEWSLETTER_SOFT_BOUNCE_LIMIT`` consecutive sends that each came back (default
  3). The streak is counted from the deliveries themselves, newest first, so a
  send that did not bounce ends it without a counter to keep in step;
* a suppressed subscriber gets no more issues (``sending.recipients_for`` and the
  check just before each batch); confirming a subscription again by the mailed
  link lifts it, because that proves the mailbox works.

Refusals during the SMTP session count too (``record_refusals``, called by
``delivery`` for the rows the server refused): a ``5xx`` to ``RCPT TO`` is hard, a
``4xx`` soft (``dsn.classify_reply``), with the same ``Bounce`` rows, rules and counters
as the DSNs from the mailbox. Such a delivery is *failed*, not *sent*; it still counts
in the streak (ordered by the refusal's time), so refused sends in a row suppress.

Each delivery has at most one ``Bounce``: a message read twice (a crash after
recording but before the mailbox removed it) is not counted twice. Messages are
removed from the mailbox once recorded; one without a valid VERP token, or one that
cannot be parsed, is kept aside in the mailbox (``mailboxes``) for a person to look
at. Logs name delivery and subscriber ids, never an address.
"""

import logging
from dataclasses import dataclass, field
from email import message_from_bytes, policy

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import dsn, verp
from .models import Bounce, BounceKind, Delivery, Subscriber
from .sending import count_per_send

logger = logging.getLogger(__name__)


def soft_limit():
    return max(1, int(getattr(settings, "NEWSLETTER_SOFT_BOUNCE_LIMIT", 3)))


def bounced_in_a_row(subscriber_id):
    """How many of the subscriber's latest deliveries bounced, without a gap: the sent
    ones, and the failed ones the mail server refused (those have a bounce of their own;
    other failures, such as an interrupted send, neither count nor end a streak)."""
    came_back = Bounce.objects.filter(delivery=OuterRef("pk"))
    latest = (
        Delivery.objects.filter(subscriber_id=subscriber_id)
        .annotate(bounced=Exists(came_back))
        .filter(Q(status=Delivery.Status.SENT) | Q(status=Delivery.Status.FAILED, bounced=True))
        .order_by(Coalesce("sent_at", "bounce__received_at").desc(), "-pk")
        .values_list("bounced", flat=True)[: soft_limit()]
    )
    streak = 0
    for bounced in latest:
        if not bounced:
            break
        streak += 1
    return streak


def suppress(subscriber_id, reason):
    changed = Subscriber.objects.filter(pk=subscriber_id, suppressed_at__isnull=True).update(
        suppressed_at=timezone.now(), suppressed_reason=reason
    )
    if changed:
        logger.info("Abonnee %s geblokkeerd na %s bounce(s)", subscriber_id, reason)
    return bool(changed)


def lift_suppression(subscriber_ids):
    """The subscribers confirmed by the mailed link: their mailbox works again."""
    Subscriber.objects.filter(pk__in=subscriber_ids, suppressed_at__isnull=False).update(
        suppressed_at=None, suppressed_reason=""
    )


@transaction.atomic
def record(delivery_id, kind, status=""):
    """Record that delivery ``delivery_id`` bounced and apply the rules.

    Returns the ``Bounce``, or None when the delivery (or its subscriber) is gone."""
    delivery = (
        Delivery.objects.select_for_update()
        .filter(pk=delivery_id, subscriber__isnull=False)
        .first()
    )
    if delivery is None:
        return None
    bounce, created = Bounce.objects.get_or_create(
        delivery=delivery,
        defaults={"subscriber_id": delivery.subscriber_id, "kind": kind, "status": status},
    )
    if not created and bounce.kind == BounceKind.SOFT and kind == BounceKind.HARD:
        bounce.kind, bounce.status = kind, status
        bounce.save(update_fields=["kind", "status"])
    if bounce.kind == BounceKind.HARD:
        suppress(delivery.subscriber_id, BounceKind.HARD)
    elif bounced_in_a_row(delivery.subscriber_id) >= soft_limit():
        suppress(delivery.subscriber_id, BounceKind.SOFT)
    return bounce


def record_refusals(refusals):
    """Record the SMTP refusals of one group: ``{delivery id: (code, reply, stage)}``.
    Returns the number recorded as bounces."""
    recorded = 0
    for delivery_id, (code, reply, stage) in refusals.items():
        kind, status = dsn.classify_reply(code, reply, stage)
        if kind is not None and record(delivery_id, kind, status) is not None:
            recorded += 1
            logger.info(
                "Bezorging %s geweigerd tijdens SMTP: %s bounce %s", delivery_id, kind, status
            )
    return recorded


@dataclass
class Result:
    hard: int = 0
    soft: int = 0
    no_bounce: int = 0
    set_aside: int = 0
    notes: list = field(default_factory=list)


def _read(raw):
    """(delivery id, kind, status) of one raw message; raises on what cannot be read."""
    message = message_from_bytes(raw, policy=policy.default)
    delivery_id = verp.delivery_id_in(message)
    if delivery_id is None:
        return None, None, ""
    kind, status = dsn.classify(message)
    return delivery_id, kind, status


def process(source):
    """Read every message of ``source`` (``mailboxes``), record the bounces, clear them out."""
    result = Result()
    for key, raw in source.messages():
        try:
            delivery_id, kind, status = _read(raw)
        except Exception as error:  # a broken message must not stop the others
            delivery_id, kind = None, None
            result.notes.append(f"{key}: onleesbaar ({type(error).__name__})")
        if delivery_id is None:
            source.set_aside(key)
            result.set_aside += 1
            continue
        # A database error stops the run with the message still in the mailbox.
        if kind is not None and record(delivery_id, kind, status) is not None:
            setattr(result, kind, getattr(result, kind) + 1)
        else:
            result.no_bounce += 1
        source.done(key)
    logger.info(
        "Bouncemailbox gelezen: %s hard, %s zacht, %s geen bounce, %s apart gezet",
        result.hard,
        result.soft,
        result.no_bounce,
        result.set_aside,
    )
    return result


def with_figures(sends):
    """Annotate sends with their hard and soft bounces (for the admin's figures)."""

    def per_send(kind):
        return count_per_send(Bounce.objects.filter(kind=kind), "delivery__send")

    return sends.annotate(
        n_hard_bounces=per_send(BounceKind.HARD), n_soft_bounces=per_send(BounceKind.SOFT)
    )


def with_subscriber_figures(subscribers):
    """Annotate subscribers with their hard and soft bounces."""
    return subscribers.annotate(
        n_hard_bounces=Count("bounces", filter=Q(bounces__kind=BounceKind.HARD)),
        n_soft_bounces=Count("bounces", filter=Q(bounces__kind=BounceKind.SOFT)),
    )
