"""The newsletter admin shows bounces: per send (redacteur and beheerder) and per subscriber
with the suppressed state (beheerder only, as the subscribers are)."""

import pytest

from content.nieuwsbrieven import bounces, delivery, sending
from content.nieuwsbrieven.models import Delivery
from devkit.clients import login_verified

from .conftest import subscribe_active

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/snippets/content/subscriber/"


@pytest.fixture
def bounced(lists, issue):
    readers = [subscribe_active(f"terug{i}@school.example", lists["po"]) for i in range(3)]
    send = sending.create_send(issue, [lists["po"]], user=None, start=False)
    delivery.deliver(send.pk)
    rows = {d.subscriber_id: d.pk for d in Delivery.objects.filter(send=send)}
    bounces.record(rows[readers[0].pk], "hard", "5.1.1")
    bounces.record(rows[readers[1].pk], "soft", "4.2.2")
    return send, readers


def test_send_figures_show_hard_and_soft_bounces(client, users, bounced, issue):
    send, _readers = bounced
    login_verified(client, users["redacteur"])
    detail = client.get(f"/admin/nieuwsbrieven/verzendingen/{send.pk}/").content.decode()
    assert "Teruggekomen: adres bestaat niet (harde bounce)</dt><dd>1</dd>" in detail
    assert "Teruggekomen: tijdelijk niet bezorgd (zachte bounce)</dt><dd>1</dd>" in detail
    listing = client.get("/admin/nieuwsbrieven/verzendingen/").content.decode()
    assert "Bounces hard" in listing and "Bounces zacht" in listing
    page = client.get(f"/admin/nieuwsbrieven/versturen/{issue.pk}/")
    assert "Bounces hard" in page.content.decode()


def test_beheerder_sees_bounces_and_suppression_per_subscriber(
    client, users, bounced, django_assert_max_num_queries
):
    _send, readers = bounced
    login_verified(client, users["beheerder"])
    client.get(SUBSCRIBERS)  # warm the session and permission caches
    with django_assert_max_num_queries(30):
        body = client.get(SUBSCRIBERS).content.decode()
    assert "Bounces hard" in body and "Geblokkeerd" in body
    assert "hard (adres bestaat niet)" in body
    inspect = client.get(f"{SUBSCRIBERS}inspect/{readers[0].pk}/").content.decode()
    assert "Reden blokkade" in inspect and "hard (adres bestaat niet)" in inspect
    suppressed = client.get(SUBSCRIBERS, {"suppressed_reason": "hard"}).content.decode()
    assert readers[0].email in suppressed and readers[1].email not in suppressed


def test_redacteur_does_not_see_subscribers(client, users, bounced):
    login_verified(client, users["redacteur"])
    assert client.get(SUBSCRIBERS).status_code != 200
