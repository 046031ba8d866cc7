"""Sending an issue: queue one delivery per recipient, start the task, and the figures.

Guarantee: nobody gets the same send twice, also when a worker crashes halfway; how the
queued rows are claimed and mailed is ``delivery`` (its docstring tells the rules).
``create_send`` renders the mail once and writes one ``Delivery`` row per recipient
(unique per send and subscriber), then enqueues ``tasks.deliver_newsletter``; the task
calls ``delivery.deliver``, so this module sits above both.
"""

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from cms.operations import outbox

from .delivery import D, build_message, release_stale_claims
from .models import Delivery, NewsletterSend, Subscriber, Subscription
from .rendering import personal_links, render_issue


def recipients_for(issue, lists):
    """Active, not suppressed (bounces) subscribers of ``lists`` who have not had (and are
    not getting) this issue."""
    already = Delivery.objects.filter(send__issue=issue).exclude(status=D.FAILED)
    return (
        Subscriber.objects.filter(
            subscriptions__newsletter_list__in=lists,
            subscriptions__status=Subscription.Status.ACTIVE,
            suppressed_at__isnull=True,
        )
        .exclude(pk__in=already.values("subscriber_id"))
        .distinct()
    )


def send_test(issue, email):
    """Mail the issue (its latest draft) to one address, with dummy personal links."""
    rendered = render_issue(issue)
    unsubscribe_url, manage_url = personal_links("testmail")
    message = build_message(
        f"[TEST] {rendered.subject}",
        rendered.html,
        rendered.text,
        email,
        unsubscribe_url,
        manage_url,
    )
    message.send()


@transaction.atomic
def create_send(issue, lists, user, start=True):
    """Render ``issue`` once, queue a delivery per recipient and (``start``) enqueue the task."""
    from .tasks import deliver_newsletter  # (tasks -> subscriptions -> bounces -> here)

    rendered = render_issue(issue)
    send = NewsletterSend.objects.create(
        issue=issue,
        issue_title=issue.title,
        subject=rendered.subject,
        html=rendered.html,
        text=rendered.text,
        created_by=user,
    )
    send.lists.set(lists)
    ids = recipients_for(issue, lists).values_list("pk", flat=True).iterator(chunk_size=2000)
    batch = []
    for subscriber_id in ids:
        batch.append(Delivery(send=send, subscriber_id=subscriber_id))
        if len(batch) >= 1000:
            Delivery.objects.bulk_create(batch)
            batch = []
    Delivery.objects.bulk_create(batch)
    # Enqueued in the same transaction: a database worker sees the task and the
    # deliveries together or not at all.
    if start:
        outbox.enqueue(deliver_newsletter, send.pk)
    return send


def resume(send):
    """Admin action after a failure: release stale claims and start the task again."""
    from .tasks import deliver_newsletter

    release_stale_claims(send)
    outbox.enqueue(deliver_newsletter, send.pk)


def count_per_send(rows, field="send"):
    """A subquery annotation of a send: how many of ``rows`` point at it through ``field``."""
    return Coalesce(
        Subquery(
            rows.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _count(status_list):
    return count_per_send(Delivery.objects.filter(status__in=status_list))


def with_figures(sends):
    """Annotate sends with recipients, queued, sending, sent, failed and unsubscribes."""
    return sends.annotate(
        n_recipients=_count(list(D.values)),
        n_queued=_count([D.QUEUED, D.CLAIMED]),
        n_sending=_count([D.SENDING]),
        n_sent=_count([D.SENT]),
        n_failed=_count([D.FAILED]),
        n_unsubscribes=count_per_send(Subscription.objects.all(), "unsubscribed_by_send"),
    )


def failure_reasons(send):
    return (
        Delivery.objects.filter(send=send, status=D.FAILED)
        .values("error")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )


def issue_figures(issue):
    """Totals over all sends of one issue."""
    totals = with_figures(NewsletterSend.objects.filter(issue=issue))
    result = {"recipients": 0, "sent": 0, "failed": 0, "queued": 0, "unsubscribes": 0}
    for send in totals:
        result["recipients"] += send.n_recipients
        result["sent"] += send.n_sent
        result["failed"] += send.n_failed
        result["queued"] += send.n_queued + send.n_sending
        result["unsubscribes"] += send.n_unsubscribes
    return result
