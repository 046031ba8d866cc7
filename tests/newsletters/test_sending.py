"""Sending: admin flow over HTTP, batches, one-mail-per-recipient after crashes, real SMTP."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from content.nieuwsbrieven import delivery, sending
from content.nieuwsbrieven.models import Delivery, NewsletterPage, NewsletterSend
from devkit.clients import login_verified

from .conftest import make_issue, subscribe_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(lists):
    return [subscribe_active(f"lezer{i}@school.example", lists["po"]) for i in range(5)]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_redacteur_tests_then_sends_through_the_admin(client, users, lists, issue):
    po_only = subscribe_active("po@school.example", lists["po"])
    both = subscribe_active("beide@school.example", lists["po"], lists["vo"])
    subscribe_active("prof@school.example", lists["prof"])
    login_verified(client, users["redacteur"])
    url = f"/admin/nieuwsbrieven/versturen/{issue.pk}/"

    explorer = client.get(f"/admin/pages/{issue.get_parent().pk}/")
    assert url in explorer.content.decode()  # the "Versturen" button on the issue
    edit = client.get(f"/admin/pages/{issue.pk}/edit/")
    assert url in edit.content.decode()

    page = client.get(url)
    assert page.status_code == 200
    assert "Stuur testmail naar mij" in page.content.decode()

    response = client.post(url, {"action": "test"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["redacteur@swv.example"]]
    assert mail.outbox[0].subject.startswith("[TEST]")
    assert not NewsletterSend.objects.exists()
    mail.outbox.clear()

    refused = client.post(url, {"action": "send", "lists": [lists["po"].pk, lists["vo"].pk]})
    assert refused.status_code == 400
    assert "Vink aan dat je de nieuwsbrief wilt versturen" in refused.content.decode()
    assert not mail.outbox

    response = client.post(
        url, {"action": "send", "lists": [lists["po"].pk, lists["vo"].pk], "confirm": "on"}
    )
    send = NewsletterSend.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/nieuwsbrieven/verzendingen/{send.pk}/"
    # On more than one list: still one mail.
    assert recipients() == sorted([po_only.email, both.email])
    message = mail.outbox[0]
    assert message.subject == issue.title
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = {po_only.email: po_only.token, both.email: both.token}[message.to[0]]
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<http://testserver/nieuwsbrieven/afmelden/{token}/?verzending={send.pk}>"
    )
    html = message.alternatives[0][0]
    assert f"/nieuwsbrieven/afmelden/{token}/?verzending={send.pk}" in html
    assert f"/nieuwsbrieven/afmelden/{token}/" in message.body
    assert "[[" not in html and "[[" not in message.body

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    send = sending.with_figures(NewsletterSend.objects).get()
    assert (send.n_recipients, send.n_sent, send.n_failed, send.n_queued) == (2, 2, 0, 0)
    assert send.status == NewsletterSend.Status.DONE

    # Sending the same issue again reaches nobody twice.
    mail.outbox.clear()
    client.post(url, {"action": "send", "lists": [lists["po"].pk], "confirm": "on"})
    assert not mail.outbox

    listing = client.get("/admin/nieuwsbrieven/verzendingen/")
    assert listing.status_code == 200
    assert issue.title in listing.content.decode()


def test_an_unpublished_issue_cannot_be_sent(client, users, lists, archive):
    draft = make_issue(archive, title="Concept", publish=False)
    subscribe_active("po@school.example", lists["po"])
    login_verified(client, users["redacteur"])
    response = client.post(
        f"/admin/nieuwsbrieven/versturen/{draft.pk}/",
        {"action": "send", "lists": [lists["po"].pk], "confirm": "on"},
    )
    assert response.status_code == 400
    assert "Publiceer de nieuwsbrief eerst" in response.content.decode()
    assert not mail.outbox and not NewsletterSend.objects.exists()


@pytest.mark.parametrize("role", ["school_a", "consulent", "externe", "beheerder"])
def test_only_redacteuren_send(client, users, issue, role):
    login_verified(client, users[role])
    response = client.post(f"/admin/nieuwsbrieven/versturen/{issue.pk}/", {"action": "test"})
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/nieuwsbrieven/")
    assert not mail.outbox


def test_anonymous_is_sent_to_login(client, issue):
    response = client.get(f"/admin/nieuwsbrieven/versturen/{issue.pk}/")
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"] or "login" in response["Location"]


def test_a_task_that_fails_once_never_sends_anyone_twice(
    client, users, settings, monkeypatch, lists, issue, five
):
    """The connection drops after the server took message 3, before we could record it."""
    settings.NEWSLETTER_BATCH_SIZE = 2
    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        result = real_send(self, messages)  # the server has the mail ...
        if calls["n"] == 3:
            raise smtplib.SMTPServerDisconnected("verbinding verbroken")  # ... we never hear
        return result

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    send = sending.create_send(issue, [lists["po"]], user=None)  # runs the task: fails once
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(send=send, status="sent").count() == 2
    interrupted = Delivery.objects.get(send=send, status="failed")
    assert interrupted.error == delivery.INTERRUPTED
    assert Delivery.objects.filter(send=send, status="queued").count() == 2

    # The admin shows where it stopped; resuming mails only those who got nothing.
    login_verified(client, users["redacteur"])
    detail = client.get(f"/admin/nieuwsbrieven/verzendingen/{send.pk}/")
    assert "Verzending hervatten" in detail.content.decode()
    assert detail.context["send"].n_queued == 2
    resumed = client.post(f"/admin/nieuwsbrieven/verzendingen/{send.pk}/")
    assert resumed.status_code == 302
    assert len(mail.outbox) == 5
    assert recipients() == sorted(s.email for s in five)
    send = sending.with_figures(NewsletterSend.objects).get(pk=send.pk)
    assert (send.n_recipients, send.n_sent, send.n_failed) == (5, 4, 1)
    assert send.status == NewsletterSend.Status.DONE


def test_resume_after_a_hard_crash_skips_the_message_in_flight(settings, lists, issue, five):
    """A worker died mid-batch: its claims are released, the row in flight is not retried."""
    settings.NEWSLETTER_BATCH_SIZE = 3
    settings.NEWSLETTER_TASK_SECONDS = 0
    send = sending.create_send(issue, [lists["po"]], user=None, start=False)
    claim = delivery.claim_batch(send, 3)
    rows = list(Delivery.objects.filter(claim=claim).order_by("pk"))
    Delivery.objects.filter(pk=rows[0].pk).update(status="sending")  # died during SMTP
    Delivery.objects.filter(claim=claim).update(claimed_at=timezone.now() - timedelta(hours=1))

    # A fresh claim of another worker is left alone until it is stale.
    other = delivery.claim_batch(send, 1)
    assert delivery.release_stale_claims(send) == (2, 1)
    assert Delivery.objects.filter(claim=other, status="claimed").count() == 1
    Delivery.objects.filter(claim=other).update(claimed_at=timezone.now() - timedelta(hours=1))

    sending.resume(send)
    assert len(mail.outbox) == 4
    assert rows[0].subscriber.email not in recipients()
    assert Delivery.objects.get(pk=rows[0].pk).error == delivery.INTERRUPTED


def test_unsubscribed_before_their_batch_gets_nothing(settings, lists, issue, five):
    send = sending.create_send(issue, [lists["po"]], user=None, start=False)
    five[0].subscriptions.update(status="unsubscribed")
    delivery.deliver(send.pk)
    assert five[0].email not in recipients() and len(mail.outbox) == 4
    assert Delivery.objects.get(send=send, subscriber=five[0]).error == delivery.NOT_SUBSCRIBED


def test_real_smtp_sink_with_a_refused_recipient(settings, lists, issue):
    from bench.smtp_sink import SmtpSink

    good = [subscribe_active(f"echt{i}@school.example", lists["vo"]) for i in range(3)]
    subscribe_active("bestaat-niet@school.example", lists["vo"])
    with SmtpSink(refuse=["bestaat-niet@school.example"]) as sink:
        for key, value in sink.settings().items():
            setattr(settings, key, value)
        settings.NEWSLETTER_BATCH_SIZE = 2
        send = sending.create_send(issue, [lists["vo"]], user=None)
    assert sorted(sink.recipients) == sorted(s.email for s in good)
    message = sink.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message["List-Unsubscribe"].strip().startswith("<http://testserver/nieuwsbrieven/afmelden/")
    )
    assert message.get_body(("plain",)).get_content().count("Afmelden:") == 1
    html = message.get_body(("html",)).get_content()
    assert 'style="' in html and "<style" not in html
    send = sending.with_figures(NewsletterSend.objects).get(pk=send.pk)
    assert (send.n_sent, send.n_failed) == (3, 1)
    assert "Geweigerd" in sending.failure_reasons(send)[0]["error"]


def test_two_workers_never_claim_the_same_rows(lists, issue, five):
    send = sending.create_send(issue, [lists["po"]], user=None, start=False)
    first, second = delivery.claim_batch(send, 3), delivery.claim_batch(send, 3)
    a = set(Delivery.objects.filter(claim=first).values_list("pk", flat=True))
    b = set(Delivery.objects.filter(claim=second).values_list("pk", flat=True))
    assert len(a) == 3 and len(b) == 2 and not a & b
    assert delivery.claim_batch(send, 3) is None


def test_send_list_query_count_does_not_grow(
    client, users, lists, archive, django_assert_max_num_queries
):
    login_verified(client, users["redacteur"])
    subscribe_active("po@school.example", lists["po"])
    make_issue(archive, title="Eén")
    sending.create_send(NewsletterPage.objects.get(title="Eén"), [lists["po"]], user=None)
    client.get("/admin/nieuwsbrieven/verzendingen/")
    with django_assert_max_num_queries(40) as few:
        client.get("/admin/nieuwsbrieven/verzendingen/")
    baseline = len(few.captured_queries)
    for n in range(6):
        page = make_issue(archive, title=f"Nummer {n}")
        sending.create_send(page, [lists["po"], lists["vo"]], user=None)
    with django_assert_max_num_queries(baseline):
        response = client.get("/admin/nieuwsbrieven/verzendingen/")
    assert "Nummer 5" in response.content.decode()
