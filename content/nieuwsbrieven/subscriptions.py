"""Subscription rules: double opt-in, consent proof, unsubscribe, changing lists.

The rules in one place (views and the import only call these):

* subscribing puts the address on the lists as *pending*; only following the
  link in the confirmation mail makes it *active*;
* the proof of consent is the hash of the mailed token plus the moment it came
  back (``ConsentRecord``), no IP address;
* unsubscribing takes effect at once and is recorded too;
* re-subscribing after unsubscribing is a new request and needs a new
  confirmation;
* an import never re-activates an address that unsubscribed;
* confirming lifts a suppression after bounces (``bounces``): the mail arrived.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .bounces import lift_suppression
from .models import ConsentRecord, Subscriber, Subscription, new_token
from .rendering import absolute, personal_links

Status = Subscription.Status


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def confirm_days():
    return getattr(settings, "NEWSLETTER_CONFIRM_DAYS", 7)


def normalise_email(email):
    return (email or "").strip().lower()


@transaction.atomic
def request_subscription(email, lists, name="", source=Subscription.Source.FORM):
    """Put ``email`` on ``lists`` as pending (active ones stay active).

    Returns the subscriber and whether a confirmation mail is needed.
    """
    subscriber, created = Subscriber.objects.get_or_create(
        email=normalise_email(email), defaults={"name": name}
    )
    if name and not subscriber.name:
        subscriber.name = name
        subscriber.save(update_fields=["name"])
    needs_confirmation = False
    now = timezone.now()
    for newsletter_list in lists:
        subscription, _ = Subscription.objects.get_or_create(
            subscriber=subscriber,
            newsletter_list=newsletter_list,
            defaults={"status": Status.PENDING, "source": source, "requested_at": now},
        )
        if subscription.status == Status.ACTIVE:
            continue
        needs_confirmation = True
        if subscription.status != Status.PENDING:
            subscription.status = Status.PENDING
            subscription.source = source
            subscription.requested_at = now
            subscription.confirmed_at = None
            subscription.save()
    return subscriber, needs_confirmation


def send_confirmation_mail(subscriber):
    """Mail a fresh confirmation link for all pending lists of ``subscriber``.

    A new token replaces any earlier one, so only the newest mail's link works.
    Against mail bombing through the public form: while a confirmation mail of
    less than ``NEWSLETTER_CONFIRM_THROTTLE`` seconds ago is still unused, no
    new mail goes out; new pending lists join that mail's link instead (its
    confirmation page shows every list before anything is confirmed).
    Returns False when no mail was sent.
    """
    token = new_token()
    now = timezone.now()
    recent = now - timedelta(seconds=getattr(settings, "NEWSLETTER_CONFIRM_THROTTLE", 600))
    with transaction.atomic():
        pending = list(
            subscriber.subscriptions.filter(status=Status.PENDING)
            .select_related("newsletter_list")
            .select_for_update(of=("self",))
        )
        if not pending:
            return False
        outstanding = [s for s in pending if s.confirmation_token_hash and s.requested_at >= recent]
        if (
            outstanding
            and subscriber.confirmation_sent_at
            and (subscriber.confirmation_sent_at >= recent)
        ):
            Subscription.objects.filter(
                pk__in=[s.pk for s in pending if s not in outstanding]
            ).update(confirmation_token_hash=outstanding[0].confirmation_token_hash)
            return False
        Subscription.objects.filter(pk__in=[s.pk for s in pending]).update(
            confirmation_token_hash=hash_token(token), requested_at=now
        )
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["confirmation_sent_at"])
    # The subscriber's own links, as in every newsletter: whoever gets this mail can
    # withdraw at once, before or after confirming, without waiting for a first issue.
    unsubscribe_url, manage_url = personal_links(subscriber.token)
    context = {
        "lists": [s.newsletter_list for s in pending],
        "confirm_url": absolute(reverse("newsletter:confirm", args=[token])),
        "unsubscribe_url": unsubscribe_url,
        "manage_url": manage_url,
        "days": confirm_days(),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("content/newsletter/mail/confirm_subject.txt", context).strip(),
        body=render_to_string("content/newsletter/mail/confirm.txt", context),
        to=[subscriber.email],
    )
    message.send()
    return True


def join_outstanding_confirmation(subscriber):
    """Let newly pending lists share the link of the confirmation mail already sent.

    Used when the rate limit allows no new mail for this address in this window
    (``newsletter_confirmation`` in ``cms.security.ratelimit``): the mail that went out opens
    every pending list, as ``send_confirmation_mail`` does when it throttles.
    """
    with transaction.atomic():
        pending = list(
            subscriber.subscriptions.filter(status=Status.PENDING).select_for_update(of=("self",))
        )
        token_hash = next(
            (s.confirmation_token_hash for s in pending if s.confirmation_token_hash), ""
        )
        if token_hash:
            Subscription.objects.filter(pk__in=[s.pk for s in pending]).update(
                confirmation_token_hash=token_hash
            )


def pending_for_token(token):
    """The pending subscriptions a confirmation token still opens (empty when expired)."""
    if not token:
        return Subscription.objects.none()
    not_before = timezone.now() - timedelta(days=confirm_days())
    return Subscription.objects.filter(
        confirmation_token_hash=hash_token(token),
        status=Status.PENDING,
        requested_at__gte=not_before,
    ).select_related("subscriber", "newsletter_list")


@transaction.atomic
def confirm(token):
    """Activate what the token opens and store the proof. Returns the subscriptions."""
    subscriptions = list(pending_for_token(token).select_for_update(of=("self",)))
    now = timezone.now()
    token_hash = hash_token(token)
    for subscription in subscriptions:
        subscription.status = Status.ACTIVE
        subscription.confirmed_at = now
        subscription.confirmation_token_hash = ""
        subscription.unsubscribed_at = None
        subscription.unsubscribed_by_send = None
        subscription.save()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            subscriber=s.subscriber,
            newsletter_list=s.newsletter_list,
            kind=ConsentRecord.Kind.CONFIRMED,
            token_hash=token_hash,
            recorded_at=now,
        )
        for s in subscriptions
    )
    lift_suppression({s.subscriber_id for s in subscriptions})
    return subscriptions


@transaction.atomic
def unsubscribe(subscriber, lists=None, send=None):
    """Take ``subscriber`` off ``lists`` (all lists when None), at once.

    ``send`` is the newsletter send whose link was used; it counts towards
    that issue's "unsubscribes caused". Returns the lists left.
    """
    subscriptions = subscriber.subscriptions.exclude(status=Status.UNSUBSCRIBED)
    if lists is not None:
        subscriptions = subscriptions.filter(newsletter_list__in=lists)
    subscriptions = list(subscriptions.select_related("newsletter_list"))
    now = timezone.now()
    for subscription in subscriptions:
        was_active = subscription.status == Status.ACTIVE
        subscription.status = Status.UNSUBSCRIBED
        subscription.unsubscribed_at = now
        subscription.confirmation_token_hash = ""
        subscription.unsubscribed_by_send = send if was_active else None
        subscription.save()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            subscriber=subscriber,
            newsletter_list=s.newsletter_list,
            kind=ConsentRecord.Kind.UNSUBSCRIBED,
            recorded_at=now,
        )
        for s in subscriptions
    )
    return [s.newsletter_list for s in subscriptions]


def change_lists(subscriber, wanted):
    """Set the subscriber's lists to ``wanted``: leaving is immediate, joining needs confirmation.

    Returns ``(left, to_confirm)`` lists.
    """
    wanted = set(wanted)
    current = {
        s.newsletter_list: s.status
        for s in subscriber.subscriptions.select_related("newsletter_list")
        if s.status != Status.UNSUBSCRIBED
    }
    left = unsubscribe(subscriber, [lst for lst in current if lst not in wanted])
    joining = [lst for lst in wanted if current.get(lst) != Status.ACTIVE]
    if joining:
        request_subscription(subscriber.email, joining, source=Subscription.Source.MANAGE)
    return left, joining


@transaction.atomic
def record_imported_consent(subscriber, lists, note, user):
    """Activate an imported address on ``lists`` with the beheerder's proof of consent.

    Lists the address unsubscribed from stay unsubscribed. Returns the lists activated.
    """
    now = timezone.now()
    activated = []
    for newsletter_list in lists:
        subscription, _ = Subscription.objects.get_or_create(
            subscriber=subscriber,
            newsletter_list=newsletter_list,
            defaults={"status": Status.PENDING, "source": Subscription.Source.IMPORT},
        )
        if subscription.status != Status.PENDING:
            continue
        subscription.status = Status.ACTIVE
        subscription.confirmed_at = now
        subscription.confirmation_token_hash = ""
        subscription.save()
        ConsentRecord.objects.create(
            subscriber=subscriber,
            newsletter_list=newsletter_list,
            kind=ConsentRecord.Kind.IMPORTED,
            note=note,
            recorded_at=now,
            recorded_by=user,
        )
        activated.append(newsletter_list)
    return activated


@transaction.atomic
def request_imported(subscriber, lists):
    """Put an imported address on ``lists`` as pending; never re-activates an unsubscribe."""
    created_pending = False
    for newsletter_list in lists:
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            newsletter_list=newsletter_list,
            defaults={"status": Status.PENDING, "source": Subscription.Source.IMPORT},
        )
        created_pending = created_pending or created
    return created_pending
