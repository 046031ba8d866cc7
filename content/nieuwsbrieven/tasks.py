"""Background tasks of the newsletter (Django Tasks API); payloads are ids only."""

from django_tasks import task

from . import delivery, subscriptions
from .models import Subscriber


@task()
def deliver_newsletter(send_id):
    """Mail one send in batches; re-enqueues itself when its time budget runs out."""
    finished = delivery.deliver(send_id)
    if not finished:
        deliver_newsletter.enqueue(send_id)
    return finished


@task()
def send_confirmation(subscriber_id):
    """Mail the double opt-in link for all pending lists of one subscriber."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    return subscriptions.send_confirmation_mail(subscriber)
