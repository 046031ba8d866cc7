"""Unsubscribing: the link in the mail and the RFC 8058 one-click POST, both without login."""

import pytest
from django.core import mail
from django.test import Client

from content.nieuwsbrieven import sending as sending
from content.nieuwsbrieven.models import ConsentRecord, NewsletterSend

from .conftest import active_lists, subscribe_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(lists, issue):
    reader = subscribe_active("lezer@school.example", lists["po"], lists["prof"])
    subscribe_active("ander@school.example", lists["po"])
    send = sending.create_send(issue, [lists["po"]], user=None)
    message = next(m for m in mail.outbox if m.to == [reader.email])
    return reader, send, message


def header_url(message):
    return message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")


def test_one_click_post_from_a_mail_client_works_without_login_or_csrf(sent):
    reader, send, message = sent
    client = Client(enforce_csrf_checks=True)
    response = client.post(header_url(message), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    # Off the list this mail came from, still on the other one.
    assert active_lists(reader) == {"Professionals"}
    send = sending.with_figures(NewsletterSend.objects).get(pk=send.pk)
    assert send.n_unsubscribes == 1
    assert ConsentRecord.objects.filter(subscriber=reader, kind="unsubscribed").count() == 1


def test_link_in_the_mail_shows_a_page_then_unsubscribes(sent):
    reader, send, message = sent
    client = Client(enforce_csrf_checks=True)
    url = header_url(message)
    assert url in message.body
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Scholen PO" in body and "Afmelden voor alle nieuwsbrieven" in body
    assert active_lists(reader) == {"Scholen PO", "Professionals"}  # GET changes nothing

    response = client.post(url, {"alle": "1"})
    assert response.status_code == 200
    assert "Je bent afgemeld" in response.content.decode()
    assert active_lists(reader) == set()


def test_other_pages_still_need_a_csrf_token(lists):
    reader = subscribe_active("csrf@school.example", lists["po"])
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/nieuwsbrieven/beheren/{reader.token}/", {"lists": []})
    assert response.status_code == 403
    assert active_lists(reader) == {"Scholen PO"}


def test_unsubscribe_twice_is_harmless(client, lists):
    reader = subscribe_active("twee@school.example", lists["po"])
    url = f"/nieuwsbrieven/afmelden/{reader.token}/?verzending=999"
    assert client.post(url).status_code == 200
    again = client.post(url)
    assert again.status_code == 200
    assert "Je was al afgemeld" in again.content.decode()
