"""The bounce mailbox over IMAP and POP3 against a real server (tests/dovecot.py: Debian's
dovecot, unprivileged, STARTTLS with a certificate of its own): ``manage.py
nieuwsbrief_bounces`` reads the DSNs, suppresses, clears what it recorded, keeps aside
what it could not match, and refuses a server whose certificate it cannot check."""

import imaplib
import poplib
import ssl
import time

import pytest
from django.core.management import call_command

from content.nieuwsbrieven.models import Bounce
from tests.dovecot import PASSWORD, USER

from .conftest import subscribe_active
from .test_bounces import BOUNCE_ADDRESS, dsn, send_for_real, suppressed

pytestmark = pytest.mark.django_db

GARBAGE = b"Subject: hallo\r\nTo: " + BOUNCE_ADDRESS.encode() + b"\r\n\r\nniets te zien\r\n"


@pytest.fixture(autouse=True)
def _verp(settings):
    settings.NEWSLETTER_BOUNCE_ADDRESS = BOUNCE_ADDRESS
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 2


def mailbox_settings(settings, server, kind):
    settings.NEWSLETTER_BOUNCE_MAILBOX = kind
    settings.NEWSLETTER_BOUNCE_HOST = "127.0.0.1"
    settings.NEWSLETTER_BOUNCE_PORT = server.imap_port if kind == "imap" else server.pop3_port
    settings.NEWSLETTER_BOUNCE_USER, settings.NEWSLETTER_BOUNCE_PASSWORD = USER, PASSWORD
    settings.NEWSLETTER_BOUNCE_SSL = False  # STARTTLS on the plain port
    settings.NEWSLETTER_BOUNCE_CA_FILE = str(server.certificate)


def imap(server):
    conn = imaplib.IMAP4("127.0.0.1", server.imap_port)
    conn.starttls(ssl_context=ssl.create_default_context(cafile=str(server.certificate)))
    conn.login(USER, PASSWORD)
    return conn


def deliver(server, messages):
    """Put raw messages in the inbox, as the mail server's delivery agent would."""
    conn = imap(server)
    for raw in messages:
        status, _ = conn.append("INBOX", None, imaplib.Time2Internaldate(time.time()), raw)
        assert status == "OK"
    conn.logout()


def count(server, folder):
    conn = imap(server)
    status, data = conn.select(folder)
    conn.logout()
    return int(data[0]) if status == "OK" else None


def bounced_issue(settings, lists, issue):
    hard = subscribe_active("weg@school.example", lists["po"])
    soft = subscribe_active("vol@school.example", lists["po"])
    _sink, paths = send_for_real(settings, issue, [lists["po"]])
    messages = [
        dsn(paths[hard.email], "failed", "5.1.1", hard.email),
        dsn(paths[soft.email], "delayed", "4.2.2", soft.email),
        GARBAGE,
    ]
    return hard, soft, messages


def test_imap_reads_the_bounces_clears_them_and_keeps_the_rest_aside(
    settings, dovecot, lists, issue
):
    hard, soft, messages = bounced_issue(settings, lists, issue)
    deliver(dovecot, messages)
    mailbox_settings(settings, dovecot, "imap")
    call_command("nieuwsbrief_bounces")

    assert suppressed(hard) == "hard" and suppressed(soft) is None
    assert Bounce.objects.get(subscriber=soft).status == "4.2.2"
    assert count(dovecot, "INBOX") == 0  # recorded and expunged
    assert count(dovecot, "onbekend") == 1  # the message without a VERP token
    call_command("nieuwsbrief_bounces")  # nothing read twice
    assert Bounce.objects.count() == 2


def test_pop3_reads_the_bounces_and_deletes_what_it_recorded(settings, dovecot, lists, issue):
    hard, soft, messages = bounced_issue(settings, lists, issue)
    deliver(dovecot, messages)
    mailbox_settings(settings, dovecot, "pop3")
    call_command("nieuwsbrief_bounces")

    assert suppressed(hard) == "hard" and Bounce.objects.filter(subscriber=soft).exists()
    pop = poplib.POP3("127.0.0.1", dovecot.pop3_port)
    pop.stls(context=ssl.create_default_context(cafile=str(dovecot.certificate)))
    pop.user(USER)
    pop.pass_(PASSWORD)
    assert pop.stat()[0] == 1  # POP3 has no folders: the unmatched one stays
    pop.quit()
    call_command("nieuwsbrief_bounces")
    assert Bounce.objects.count() == 2


@pytest.mark.parametrize("kind", ["imap", "pop3"])
def test_a_certificate_that_cannot_be_checked_is_refused(settings, dovecot, lists, issue, kind):
    _hard, _soft, messages = bounced_issue(settings, lists, issue)
    deliver(dovecot, messages)
    mailbox_settings(settings, dovecot, kind)
    settings.NEWSLETTER_BOUNCE_CA_FILE = ""  # the system's certificates: self-signed is unknown
    with pytest.raises(ssl.SSLCertVerificationError):
        call_command("nieuwsbrief_bounces")
    assert not Bounce.objects.exists()
    assert count(dovecot, "INBOX") == 3  # the password was never sent; nothing read
