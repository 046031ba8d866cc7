"""Bounces for real: an issue goes out through an SMTP sink with VERP return paths, RFC 3464
delivery status notifications come back by SMTP into a Maildir (a second sink acting as the
bounce mailbox's mail server), and ``manage.py nieuwsbrief_bounces`` reads them."""

import mailbox
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command

from bench.smtp_sink import SmtpSink
from content.nieuwsbrieven import bounces, sending, verp
from content.nieuwsbrieven.delivery import deliver
from content.nieuwsbrieven.models import Bounce, Delivery, Subscriber

from .conftest import link_from, make_issue, subscribe_active

pytestmark = pytest.mark.django_db

BOUNCE_ADDRESS = "bounces@swv-portaal.example"


@pytest.fixture(autouse=True)
def _verp(settings):
    settings.NEWSLETTER_BOUNCE_ADDRESS = BOUNCE_ADDRESS
    settings.NEWSLETTER_FROM_EMAIL = "SWV Nieuwsbrief <nieuwsbrief@swv-portaal.example>"
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 2


def send_for_real(settings, issue, lists):
    """Send ``issue`` to ``lists`` through a real SMTP sink: (sink, return path per address)."""
    with SmtpSink() as sink:
        for key, value in sink.settings().items():
            setattr(settings, key, value)
        send = sending.create_send(issue, lists, user=None, start=False)
        deliver(send.pk)
    paths = {
        message["To"]: sender for message, sender in zip(sink.messages, sink.senders, strict=True)
    }
    return sink, paths


def dsn(return_path, action, status, recipient, original=True, reporting="mx.school.example"):
    """A delivery status notification as Postfix writes one (RFC 3464, multipart/report)."""
    original_line = f"Original-Recipient: rfc822;{recipient}\r\n" if original else ""
    return (
        f"From: MAILER-DAEMON@{reporting} (Mail Delivery System)\r\n"
        f"To: {return_path}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"\r\n'
        "\r\n"
        "--B0UND\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        "\r\n"
        "--B0UND\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        f"Reporting-MTA: dns; {reporting}\r\n"
        "Arrival-Date: Mon, 11 May 2026 10:00:00 +0200\r\n"
        "\r\n"
        f"{original_line}"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Action: {action}\r\n"
        f"Status: {status}\r\n"
        f"Diagnostic-Code: smtp; 550 {status} mailbox problem\r\n"
        "\r\n"
        "--B0UND\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        f"From: nieuwsbrief@swv-portaal.example\r\nTo: {recipient}\r\nSubject: Nieuwsbrief\r\n"
        "\r\n"
        "--B0UND--\r\n"
    ).encode()


def mail_bounces(messages, maildir):
    """Deliver (envelope recipient, raw message) pairs over SMTP, null sender, into ``maildir``."""
    with SmtpSink(maildir=str(maildir)) as mx, smtplib.SMTP("127.0.0.1", mx.port) as client:
        for rcpt, raw in messages:
            client.sendmail("", [rcpt], raw)
    assert mx.count == len(messages) and set(mx.senders) == {""}


def suppressed(subscriber):
    subscriber.refresh_from_db()
    return subscriber.suppressed_reason if subscriber.suppressed_at else None


def test_verp_envelope_sender_reaches_the_sink_and_the_from_header_stays(settings, lists, issue):
    reader = subscribe_active("lezer@school.example", lists["po"])
    sink, paths = send_for_real(settings, issue, [lists["po"]])
    envelope = paths["lezer@school.example"]
    assert envelope.startswith("bounces+") and envelope.endswith("@swv-portaal.example")
    assert "lezer" not in envelope and "school" not in envelope  # opaque, no address
    delivery = Delivery.objects.get(subscriber=reader)
    assert verp.delivery_id_from(envelope) == delivery.pk
    assert verp.delivery_id_from(envelope.upper()) == delivery.pk  # a server changed the case
    assert sink.messages[0]["From"] == "SWV Nieuwsbrief <nieuwsbrief@swv-portaal.example>"
    forged = envelope.replace(envelope.split(".")[0].split("+")[1], "zz")
    assert verp.delivery_id_from(forged) is None


def test_hard_soft_missing_original_and_garbage_through_the_mailbox(
    settings, tmp_path, archive, lists, issue
):
    hard = subscribe_active("weg@school.example", lists["po"])
    soft = subscribe_active("vol@school.example", lists["po"])
    no_original = subscribe_active("verhuisd@school.example", lists["po"])
    fine = subscribe_active("goed@school.example", lists["po"])
    _sink, paths = send_for_real(settings, issue, [lists["po"]])
    maildir = tmp_path / "bounces"
    mail_bounces(
        [
            (paths[hard.email], dsn(paths[hard.email], "failed", "5.1.1", hard.email)),
            (paths[soft.email], dsn(paths[soft.email], "failed", "4.2.2", soft.email)),
            (
                paths[no_original.email],
                dsn(paths[no_original.email], "failed", "5.1.1", no_original.email, False),
            ),
            (BOUNCE_ADDRESS, b"Subject: hallo\r\n\r\n\x00\xff niets te zien\r\n"),
            (
                "bounces+1.0123456789abcdef0123@swv-portaal.example",
                dsn("x", "failed", "5.1.1", "x"),
            ),
        ],
        maildir,
    )
    call_command("nieuwsbrief_bounces", maildir=str(maildir))

    assert suppressed(hard) == "hard" and suppressed(no_original) == "hard"
    assert suppressed(soft) is None and suppressed(fine) is None  # one soft is not enough
    assert Bounce.objects.get(subscriber=soft).status == "4.2.2"
    box = mailbox.Maildir(str(maildir))
    assert len(box) == 0  # processed messages are gone
    assert len(box.get_folder("onbekend")) == 2  # garbage and the forged token: kept aside

    call_command("nieuwsbrief_bounces", maildir=str(maildir))  # nothing counted twice
    assert Bounce.objects.count() == 3

    # The next issue skips the hard bounces; a second soft bounce in a row suppresses.
    second = make_issue(archive, title="Nieuwsbrief juni")
    _sink, paths = send_for_real(settings, second, [lists["po"]])
    assert set(paths) == {soft.email, fine.email}
    mail_bounces(
        [(paths[soft.email], dsn(paths[soft.email], "delayed", "4.2.2", soft.email))], maildir
    )
    call_command("nieuwsbrief_bounces", maildir=str(maildir))
    assert suppressed(soft) == "soft" and suppressed(fine) is None
    figures = bounces.with_subscriber_figures(Subscriber.objects).get(pk=soft.pk)
    assert (figures.n_hard_bounces, figures.n_soft_bounces) == (0, 2)


def test_a_send_without_a_bounce_ends_the_soft_streak(settings, archive, lists, issue):
    reader = subscribe_active("soms@school.example", lists["po"])
    ids = []
    for n, page in enumerate([issue, make_issue(archive, "Twee"), make_issue(archive, "Drie")]):
        send = sending.create_send(page, [lists["po"]], user=None, start=False)
        deliver(send.pk)
        ids.append(Delivery.objects.get(send=send).pk)
        Delivery.objects.filter(pk=ids[-1]).update(sent_at=f"2026-0{n + 1}-01T10:00Z")
    bounces.record(ids[0], "soft", "4.2.2")
    bounces.record(ids[2], "soft", "4.2.2")  # the second send got through: streak of one
    assert suppressed(reader) is None and bounces.bounced_in_a_row(reader.pk) == 1
    bounces.record(ids[1], "soft", "4.4.1")  # a late bounce of the second fills the gap
    assert suppressed(reader) == "soft"


def test_a_later_hard_bounce_upgrades_and_confirming_lifts(client, settings, lists, issue):
    from content.nieuwsbrieven.subscriptions import request_subscription, send_confirmation_mail

    reader = subscribe_active("later@school.example", lists["po"])
    send = sending.create_send(issue, [lists["po"]], user=None, start=False)
    deliver(send.pk)
    delivery = Delivery.objects.get(send=send)
    bounces.record(delivery.pk, "soft", "4.2.2")
    bounces.record(delivery.pk, "hard", "5.1.1")
    assert Bounce.objects.get().kind == "hard" and suppressed(reader) == "hard"
    assert not sending.recipients_for(issue, [lists["vo"], lists["po"]]).filter(pk=reader.pk)
    request_subscription(reader.email, [lists["vo"]])
    send_confirmation_mail(reader)
    response = client.post(link_from(mail.outbox[-1].body, "bevestigen"))  # it arrived
    assert response.status_code == 200
    assert suppressed(reader) is None


def test_dsn_rules_and_a_message_without_a_report():
    from email import message_from_bytes, policy

    from content.nieuwsbrieven import dsn as rules

    def read(raw):
        return rules.classify(message_from_bytes(raw, policy=policy.default))

    assert read(dsn("x", "failed", "5.1.1", "a@b.example")) == ("hard", "5.1.1")
    assert read(dsn("x", "delayed", "4.4.7", "a@b.example")) == ("soft", "4.4.7")
    assert read(dsn("x", "failed", "4.2.2", "a@b.example")) == ("soft", "4.2.2")
    assert read(dsn("x", "delivered", "2.0.0", "a@b.example")) == (None, "")
    assert read(b"Subject: Mail delivery failed\r\n\r\nUnknown user.\r\n") == ("soft", "")
    out_of_office = b"Auto-Submitted: auto-replied\r\nSubject: Afwezig\r\n\r\nTot maandag.\r\n"
    assert read(out_of_office) == (None, "")


def test_no_mailbox_configured_does_nothing(settings, capsys):
    settings.NEWSLETTER_BOUNCE_MAILBOX = ""
    call_command("nieuwsbrief_bounces")
    assert "Geen bouncemailbox" in capsys.readouterr().out


def test_the_scheduler_runs_the_command_on_the_configured_maildir(settings, tmp_path, lists, issue):
    from cms.operations.scheduler import jobs, run_scheduled_command

    reader = subscribe_active("gepland@school.example", lists["po"])
    _sink, paths = send_for_real(settings, issue, [lists["po"]])
    maildir = tmp_path / "geplande-bounces"
    mail_bounces([(paths[reader.email], dsn(paths[reader.email], "failed", "5.1.1", "x"))], maildir)
    settings.NEWSLETTER_BOUNCE_MAILBOX = "maildir"
    settings.NEWSLETTER_BOUNCE_MAILDIR = str(maildir)
    assert "nieuwsbrief_bounces" in jobs()
    run_scheduled_command.func("nieuwsbrief_bounces")
    assert suppressed(reader) == "hard"


def test_a_message_that_breaks_the_parser_is_kept_aside(tmp_path, monkeypatch):
    from content.nieuwsbrieven.mailboxes import MaildirSource

    maildir = tmp_path / "kapot"
    mail_bounces([(BOUNCE_ADDRESS, b"Subject: kapot\r\n\r\nx\r\n")] * 2, maildir)

    def broken(message):
        raise ValueError("kapotte kop")

    monkeypatch.setattr(verp, "delivery_id_in", broken)
    result = bounces.process(MaildirSource(str(maildir)))
    assert result.set_aside == 2 and "onleesbaar (ValueError)" in result.notes[0]
    assert len(mailbox.Maildir(str(maildir)).get_folder("onbekend")) == 2
