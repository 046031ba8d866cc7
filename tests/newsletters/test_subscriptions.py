"""Double opt-in, consent proof, uniqueness per list, re-subscribing and changing lists."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from content.nieuwsbrieven.models import ConsentRecord, Subscriber, Subscription

from .conftest import active_lists, link_from, subscribe_active

pytestmark = pytest.mark.django_db


def subscribe(client, email, *newsletter_lists, name=""):
    return client.post(
        "/nieuwsbrieven/aanmelden/",
        {"email": email, "name": name, "lists": [lst.pk for lst in newsletter_lists]},
    )


def test_double_opt_in_activates_only_after_the_link_is_followed(client, lists):
    response = subscribe(client, " Ilse@School.example ", lists["po"], lists["vo"], name="Ilse")
    assert response.status_code == 302
    assert response["Location"] == "/nieuwsbrieven/aanmelden/verstuurd/"

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ilse@school.example"
    assert active_lists(subscriber) == set()
    assert subscriber.subscriptions.filter(status="pending").count() == 2

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ilse@school.example"]
    assert "Scholen PO" in message.body and "Scholen VO" in message.body
    confirm_path = link_from(message.body, "bevestigen")
    token = confirm_path.rstrip("/").rsplit("/", 1)[1]
    assert "ilse" not in confirm_path.lower() and len(token) >= 40

    # Opening the link (or a mail scanner doing so) does not confirm yet.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Ja, ik wil deze nieuwsbrieven ontvangen" in page.content.decode()
    assert active_lists(subscriber) == set()

    done = client.post(confirm_path)
    assert done.status_code == 200
    assert "Je aanmelding is bevestigd" in done.content.decode()
    assert active_lists(subscriber) == {"Scholen PO", "Scholen VO"}

    proofs = ConsentRecord.objects.filter(subscriber=subscriber, kind="confirmed")
    assert proofs.count() == 2
    proof = proofs.first()
    assert proof.token_hash and proof.token_hash != token and len(proof.token_hash) == 64
    assert proof.recorded_at is not None
    assert not hasattr(proof, "ip_address")

    # The link works once.
    assert client.post(confirm_path).status_code == 404


def test_expired_or_unknown_confirmation_link_is_a_clear_404(client, lists):
    subscribe(client, "laat@school.example", lists["po"])
    confirm_path = link_from(mail.outbox[0].body, "bevestigen")
    Subscription.objects.update(requested_at=timezone.now() - timedelta(days=8))
    response = client.get(confirm_path)
    assert response.status_code == 404
    assert "Deze link werkt niet (meer)" in response.content.decode()
    assert client.get("/nieuwsbrieven/bevestigen/verzonnen/").status_code == 404
    assert active_lists(Subscriber.objects.get()) == set()


def test_invalid_form_gets_dutch_errors_and_no_mail(client, lists):
    response = client.post("/nieuwsbrieven/aanmelden/", {"email": "geen-adres", "lists": []})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul een geldig e-mailadres in" in body
    assert "Kies minstens één nieuwsbrief" in body
    assert not Subscriber.objects.exists() and not mail.outbox


def test_known_active_address_gets_the_same_answer_and_no_mail(client, lists):
    subscribe_active("actief@school.example", lists["po"])
    response = subscribe(client, "actief@school.example", lists["po"])
    assert response.status_code == 302
    assert response["Location"] == "/nieuwsbrieven/aanmelden/verstuurd/"
    assert not mail.outbox


def test_an_address_is_unique_per_list(lists):
    subscriber = subscribe_active("uniek@school.example", lists["po"])
    with pytest.raises(IntegrityError):
        Subscription.objects.create(
            subscriber=subscriber, newsletter_list=lists["po"], source="form"
        )


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(client, lists):
    subscriber = subscribe_active("terug@school.example", lists["po"])
    client.post(f"/nieuwsbrieven/afmelden/{subscriber.token}/")
    assert active_lists(subscriber) == set()

    subscribe(client, "terug@school.example", lists["po"])
    assert active_lists(subscriber) == set()
    assert subscriber.subscriptions.get().status == "pending"
    assert len(mail.outbox) == 1
    client.post(link_from(mail.outbox[0].body, "bevestigen"))
    assert active_lists(subscriber) == {"Scholen PO"}
    kinds = list(ConsentRecord.objects.filter(subscriber=subscriber).values_list("kind", flat=True))
    assert kinds == ["imported", "unsubscribed", "confirmed"]


def test_manage_link_leaves_at_once_and_joins_after_confirmation(client, lists):
    subscriber = subscribe_active("kies@school.example", lists["po"], lists["vo"])
    url = f"/nieuwsbrieven/beheren/{subscriber.token}/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"lists": [lists["vo"].pk, lists["prof"].pk]})
    assert response.status_code == 200
    assert active_lists(subscriber) == {"Scholen VO"}
    assert subscriber.subscriptions.get(newsletter_list=lists["prof"]).status == "pending"
    assert len(mail.outbox) == 1
    client.post(link_from(mail.outbox[0].body, "bevestigen"))
    assert active_lists(subscriber) == {"Scholen VO", "Professionals"}


def test_manage_with_unknown_token_is_404(client, lists):
    assert client.get("/nieuwsbrieven/beheren/niet-bestaand-token/").status_code == 404
    assert client.post("/nieuwsbrieven/afmelden/niet-bestaand-token/").status_code == 404


def test_repeated_requests_do_not_flood_a_mailbox(client, lists):
    for _ in range(3):
        subscribe(client, "doelwit@school.example", lists["po"])
    subscribe(client, "doelwit@school.example", lists["vo"])
    assert len(mail.outbox) == 1
    confirm_path = link_from(mail.outbox[0].body, "bevestigen")
    page = client.get(confirm_path).content.decode()
    assert "Scholen PO" in page and "Scholen VO" in page  # shown before anything is confirmed
    client.post(confirm_path)
    subscriber = Subscriber.objects.get()
    assert active_lists(subscriber) == {"Scholen PO", "Scholen VO"}

    # Once that mail is used, a new request gets its own mail straight away.
    client.post(f"/nieuwsbrieven/beheren/{subscriber.token}/", {"lists": [lists["prof"].pk]})
    assert len(mail.outbox) == 2
