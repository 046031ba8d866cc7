"""A local SMTP sink on 127.0.0.1 (aiosmtpd) for tests and benchmarks that need real SMTP.

``SmtpSink`` runs the server in a thread on a free port, counts what arrives
and (optionally) keeps the raw messages; recipients listed in ``refuse`` get a
550 to RCPT so tests can see a permanent failure (when ``refuse`` maps addresses to
replies they get that reply instead, e.g. ``"452 4.2.2 Mailbox vol"``), and the first
``fail_first`` messages get a 421 (server busy) so tests can see a transient one. It records each
message's envelope sender (``MAIL FROM``, for the VERP tests) and, given a
``maildir``, delivers every message into it as a local delivery agent would: one
copy per recipient with ``Return-Path`` and ``Delivered-To`` on top (the bounce
mailbox of the newsletter tests).
"""

import mailbox
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from bench.http import free_port

REFUSED = "550 5.1.1 Onbekende ontvanger"


class _Handler:
    def __init__(self, keep, refuse, fail_first=0, maildir=None):
        self.keep = keep
        self.maildir = mailbox.Maildir(maildir, create=True) if maildir else None
        self.senders = []
        replies = refuse if isinstance(refuse, dict) else dict.fromkeys(refuse, REFUSED)
        self.refuse = {address.lower(): reply for address, reply in replies.items()}
        self.fail_first = fail_first
        self.failed = 0
        self.count = 0
        self.bytes = 0
        self.recipients = []
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return self.refuse[address.lower()]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.failed < self.fail_first:
            self.failed += 1
            return "421 4.3.2 Tijdelijk niet beschikbaar"
        self.count += 1
        self.bytes += len(envelope.content)
        self.recipients.extend(envelope.rcpt_tos)
        sender = "" if envelope.mail_from == "<>" else envelope.mail_from  # the null sender
        self.senders.append(sender)
        for recipient in envelope.rcpt_tos if self.maildir is not None else ():
            top = f"Return-Path: <{sender}>\r\nDelivered-To: {recipient}\r\n"
            self.maildir.add(top.encode() + envelope.original_content)
        if self.keep:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


class SmtpSink:
    def __init__(self, keep=True, refuse=(), fail_first=0, maildir=None):
        self.handler = _Handler(keep, refuse, fail_first, maildir)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def count(self):
        return self.handler.count

    @property
    def messages(self):
        return self.handler.messages

    @property
    def recipients(self):
        return self.handler.recipients

    @property
    def senders(self):
        """The envelope sender (``MAIL FROM``) of each accepted message, in order."""
        return self.handler.senders

    def settings(self):
        """Django settings that point the SMTP backend at this sink."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }


class _CountingHandler:
    def __init__(self, counter, size):
        self.counter = counter
        self.size = size

    async def handle_DATA(self, server, session, envelope):
        with self.counter.get_lock():
            self.counter.value += 1
        with self.size.get_lock():
            self.size.value += len(envelope.content)
        return "250 Message accepted"


def _serve(port, counter, size, ready, stop):
    controller = Controller(_CountingHandler(counter, size), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class ProcessSmtpSink:
    """The same sink in its own process, so it does not share the sender's GIL (benchmarks)."""

    def __init__(self):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self._counter = context.Value("q", 0)
        self._size = context.Value("q", 0)
        self._ready = context.Event()
        self._stop = context.Event()
        self._process = context.Process(
            target=_serve,
            args=(self.port, self._counter, self._size, self._ready, self._stop),
            daemon=True,
        )

    def __enter__(self):
        self._process.start()
        if not self._ready.wait(30):
            raise RuntimeError("SMTP sink did not start")
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._process.join(10)

    @property
    def count(self):
        return self._counter.value

    @property
    def bytes(self):
        return self._size.value

    settings = SmtpSink.settings
