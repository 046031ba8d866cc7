"""A new subscriber can unsubscribe straight away: the confirmation mail and the
"bevestigd" page carry the same unguessable unsubscribe link as every newsletter."""

import re

import pytest
from django.core import mail
from django.test import Client

from content.nieuwsbrieven.models import Subscriber, Subscription

from .conftest import active_lists, link_from

pytestmark = pytest.mark.django_db


def subscribe(client, email, *newsletter_lists):
    response = client.post(
        "/nieuwsbrieven/aanmelden/",
        {"email": email, "name": "", "lists": [lst.pk for lst in newsletter_lists]},
    )
    assert response.status_code == 302
    return mail.outbox[-1]


def test_the_confirmation_mail_and_page_carry_a_working_unsubscribe_link(client, lists):
    message = subscribe(client, "ilse@school.example", lists["po"], lists["vo"])
    subscriber = Subscriber.objects.get()
    unsubscribe_path = link_from(message.body, "afmelden")
    token = unsubscribe_path.rstrip("/").rsplit("/", 1)[1]
    assert token == subscriber.token and len(token) >= 40 and "ilse" not in token
    confirmed = client.post(link_from(message.body, "bevestigen"))
    page = confirmed.content.decode()
    assert "Je aanmelding is bevestigd" in page
    assert f'href="{unsubscribe_path}"' in page
    assert active_lists(subscriber) == {"Scholen PO", "Scholen VO"}

    # Another browser (the reader's mail client) follows the link: a page, then a POST.
    reader = Client()
    shown = reader.get(unsubscribe_path)
    assert shown.status_code == 200
    assert "Scholen PO" in shown.content.decode()
    assert active_lists(subscriber) == {"Scholen PO", "Scholen VO"}  # GET changes nothing
    done = reader.post(unsubscribe_path, {"alle": "1"})
    assert done.status_code == 200
    assert "Je bent afgemeld" in done.content.decode()
    assert active_lists(subscriber) == set()


def test_the_link_in_the_mail_withdraws_a_request_before_it_is_confirmed(client, lists):
    message = subscribe(client, "niet.ik@school.example", lists["po"])
    unsubscribe_path = link_from(message.body, "afmelden")
    shown = client.get(unsubscribe_path).content.decode()
    assert "Scholen PO" in shown
    client.post(unsubscribe_path)
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    # The confirmation link no longer opens anything.
    assert client.get(link_from(message.body, "bevestigen")).status_code == 404


def test_a_guessed_or_broken_unsubscribe_link_changes_nothing(client, lists):
    message = subscribe(client, "ilse@school.example", lists["po"])
    client.post(link_from(message.body, "bevestigen"))
    token = Subscriber.objects.get().token
    for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200, "ilse@school.example"]:
        assert client.post(f"/nieuwsbrieven/afmelden/{bad}/").status_code == 404
    assert active_lists(Subscriber.objects.get()) == {"Scholen PO"}
    assert re.search(r"afmelden/[^/\s]+/", message.body)
