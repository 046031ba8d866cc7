"""Refusals during the SMTP session are bounces too: the aiosmtpd sink refuses some
recipients at RCPT TO (550 for an address that does not exist, 452 for a full mailbox);
they go through the same rules and counters as the DSNs read from the bounce mailbox
(tests/newsletters/test_bounces.py)."""

import pytest
from django.core.management import call_command

from bench.smtp_sink import SmtpSink
from content.nieuwsbrieven import bounces, dsn, sending
from content.nieuwsbrieven.delivery import deliver
from content.nieuwsbrieven.models import Bounce, Delivery, NewsletterSend, Subscriber

from .conftest import make_issue, subscribe_active
from .test_bounces import dsn as dsn_message
from .test_bounces import mail_bounces

pytestmark = pytest.mark.django_db

GONE = "weg@school.example"
FULL = "vol@school.example"
REFUSE = {GONE: "550 5.1.1 Onbekende ontvanger", FULL: "452 4.2.2 Mailbox vol"}


@pytest.fixture(autouse=True)
def _verp(settings):
    settings.NEWSLETTER_BOUNCE_ADDRESS = "bounces@swv-portaal.example"
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 2


def send_through_sink(settings, issue, lists, refuse):
    """Send ``issue`` through a real SMTP sink that refuses ``refuse``; (send, paths)."""
    with SmtpSink(refuse=refuse) as sink:
        for key, value in sink.settings().items():
            setattr(settings, key, value)
        send = sending.create_send(issue, lists, user=None, start=False)
        deliver(send.pk)
    paths = {m["To"]: sender for m, sender in zip(sink.messages, sink.senders, strict=True)}
    return send, paths


def suppressed(subscriber):
    subscriber.refresh_from_db()
    return subscriber.suppressed_reason if subscriber.suppressed_at else None


def test_a_550_at_rcpt_is_hard_and_a_452_soft(settings, archive, lists, issue):
    gone = subscribe_active(GONE, lists["po"])
    full = subscribe_active(FULL, lists["po"])
    fine = subscribe_active("goed@school.example", lists["po"])
    send, paths = send_through_sink(settings, issue, [lists["po"]], REFUSE)

    assert set(paths) == {fine.email}
    assert Bounce.objects.get(subscriber=gone).kind == "hard"
    assert Bounce.objects.get(subscriber=gone).status == "5.1.1"
    assert (
        Bounce.objects.get(subscriber=full).kind,
        Bounce.objects.get(subscriber=full).status,
    ) == (
        "soft",
        "4.2.2",
    )
    assert Delivery.objects.get(subscriber=gone).status == Delivery.Status.FAILED
    assert suppressed(gone) == "hard"
    assert suppressed(full) is None and suppressed(fine) is None  # one soft is not enough
    figures = bounces.with_figures(NewsletterSend.objects).get(pk=send.pk)
    assert (figures.n_hard_bounces, figures.n_soft_bounces) == (1, 1)

    # The next issue skips the hard one; a second refused send in a row suppresses.
    second = make_issue(archive, title="Nieuwsbrief juni")
    _send, paths = send_through_sink(settings, second, [lists["po"]], REFUSE)
    assert set(paths) == {fine.email}
    assert not Delivery.objects.filter(send=_send, subscriber=gone).exists()
    assert suppressed(full) == "soft" and suppressed(fine) is None
    counted = bounces.with_subscriber_figures(Subscriber.objects).get(pk=full.pk)
    assert (counted.n_hard_bounces, counted.n_soft_bounces) == (0, 2)


def test_a_refusal_and_a_dsn_from_the_mailbox_make_one_streak(
    settings, tmp_path, archive, lists, issue
):
    full = subscribe_active(FULL, lists["po"])
    send_through_sink(settings, issue, [lists["po"]], {FULL: REFUSE[FULL]})
    assert suppressed(full) is None and bounces.bounced_in_a_row(full.pk) == 1

    # The next issue is accepted, then comes back later as a DSN in the bounce mailbox.
    second = make_issue(archive, title="Nieuwsbrief juni")
    _send, paths = send_through_sink(settings, second, [lists["po"]], {})
    maildir = tmp_path / "bounces"
    mail_bounces([(paths[FULL], dsn_message(paths[FULL], "delayed", "4.2.2", FULL))], maildir)
    call_command("nieuwsbrief_bounces", maildir=str(maildir))
    assert suppressed(full) == "soft"
    assert Bounce.objects.filter(subscriber=full, kind="soft").count() == 2


def test_an_accepted_send_between_two_refusals_ends_the_streak(settings, archive, lists, issue):
    full = subscribe_active(FULL, lists["po"])
    send_through_sink(settings, issue, [lists["po"]], {FULL: REFUSE[FULL]})
    send_through_sink(settings, make_issue(archive, "Twee"), [lists["po"]], {})
    send_through_sink(settings, make_issue(archive, "Drie"), [lists["po"]], {FULL: REFUSE[FULL]})
    assert bounces.bounced_in_a_row(full.pk) == 1 and suppressed(full) is None


def test_reply_codes_are_classified_like_dsn_status_codes():
    assert dsn.classify_reply(550, b"5.1.1 Onbekende ontvanger") == ("hard", "5.1.1")
    assert dsn.classify_reply(550, b"No such user here") == ("hard", "550")
    assert dsn.classify_reply(452, "4.2.2 Mailbox vol") == ("soft", "4.2.2")
    assert dsn.classify_reply(421, b"Service not available") == ("soft", "421")
    # After DATA the server refused the message, not the address: soft.
    assert dsn.classify_reply(554, b"5.7.1 Message rejected as spam", "data") == ("soft", "5.7.1")
    assert dsn.classify_reply(250, b"2.0.0 OK") == (None, "")
