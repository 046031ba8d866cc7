"""Rate limits on public endpoints that cost something (issue 10, hole 8), through HTTP."""

import uuid

import pytest
from django.core import mail
from django_tasks.signals import task_enqueued

from content.nieuwsbrieven.models import Subscriber, Subscription
from kennisbank.models import ArticleFeedback

pytestmark = pytest.mark.django_db

DUTCH = "te veel verzoeken"


def subscribe(client, email, *newsletter_lists, **extra):
    data = {"email": email, "name": "", "lists": [lst.pk for lst in newsletter_lists]}
    return client.post("/nieuwsbrieven/aanmelden/", data, **extra)


@pytest.fixture
def enqueued():
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append(task_result.task.name)

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


def test_one_client_posting_many_addresses_is_stopped(client, lists, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter_ip": "5/3600"}
    statuses = [
        subscribe(client, f"{uuid.uuid4().hex}@example.org", lists["po"]).status_code
        for _ in range(12)
    ]
    assert statuses == [302] * 5 + [429] * 7
    assert Subscriber.objects.count() == 5
    assert len(mail.outbox) == 5
    refused = subscribe(client, "nog.een@example.org", lists["po"])
    assert DUTCH in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    # Another client (address) is not affected.
    other = subscribe(client, "ander@example.org", lists["po"], REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_one_address_posted_many_times_queues_one_confirmation(client, lists, enqueued):
    for _ in range(5):
        assert subscribe(client, "ilse@school.example", lists["po"]).status_code == 302
    assert len(enqueued) == 1
    assert len(mail.outbox) == 1


def test_a_later_list_joins_the_confirmation_already_sent(client, lists, enqueued):
    assert subscribe(client, "ilse@school.example", lists["po"]).status_code == 302
    assert subscribe(client, "ilse@school.example", lists["vo"]).status_code == 302
    assert len(enqueued) == 1 and len(mail.outbox) == 1
    hashes = set(
        Subscription.objects.filter(subscriber__email="ilse@school.example").values_list(
            "confirmation_token_hash", flat=True
        )
    )
    assert len(hashes) == 1 and "" not in hashes


def test_address_limit_answers_429(client, lists, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter_address": "2/3600"}
    codes = [
        subscribe(client, "ilse@school.example", lists["po"], REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 429, 429]


def test_search_is_limited_per_client(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search_ip": "3/60"}
    codes = [client.get("/zoeken/", {"q": f"dossier {n}"}).status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert DUTCH in client.get("/zoeken/", {"q": "x"}).content.decode()
    # The empty search page costs nothing and stays available.
    assert client.get("/zoeken/").status_code == 200


def test_feedback_is_limited_per_client(client, kennisbank, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback_ip": "2/3600"}
    articles = [kennisbank[slug] for slug in ("archief", "overdracht", "loket")]
    codes = [client.post(a.url + "nuttig/", {"nuttig": "ja"}).status_code for a in articles]
    assert codes == [302, 302, 429]
    assert ArticleFeedback.objects.count() == 2


def test_behind_a_proxy_the_forwarded_address_counts(client, lists, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter_ip": "1/3600"}
    settings.TRUSTED_PROXY_COUNT = 1
    first = subscribe(client, "a@example.org", lists["po"], HTTP_X_FORWARDED_FOR="192.0.2.1")
    second = subscribe(client, "b@example.org", lists["po"], HTTP_X_FORWARDED_FOR="192.0.2.2")
    third = subscribe(client, "c@example.org", lists["po"], HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert [first.status_code, second.status_code, third.status_code] == [302, 302, 429]


def test_an_unknown_scope_is_a_clear_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    from cms.security import ratelimit

    with pytest.raises(ImproperlyConfigured, match="search_ip"):
        ratelimit.allow("zoeken", "x")


def test_after_confirming_a_new_request_gets_its_own_mail(client, lists):
    from tests.newsletters.conftest import link_from

    assert subscribe(client, "ilse@school.example", lists["po"]).status_code == 302
    client.post(link_from(mail.outbox[0].body, "bevestigen"))
    assert subscribe(client, "ilse@school.example", lists["vo"]).status_code == 302
    assert len(mail.outbox) == 2
