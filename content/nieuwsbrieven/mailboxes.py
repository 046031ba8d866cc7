"""The bounce mailbox: a Maildir (demo, tests, a mail server on the same machine), IMAP or POP3.

Every source offers the same three steps to ``bounces.process``: ``messages()``
yields (key, raw bytes); ``done(key)`` removes a message once it is recorded;
``set_aside(key)`` keeps one that could not be matched where a person can look at
it, out of the way of the next run. Chosen by ``NEWSLETTER_BOUNCE_MAILBOX``
(``maildir``, ``imap`` or ``pop3``; empty: no bounce processing) with the
``NEWSLETTER_BOUNCE_*`` settings (README, "Bounces"). Only the stdlib.

* Maildir: set aside = moved to the Maildir++ folder ``.onbekend``.
* IMAP: set aside = copied to the folder ``NEWSLETTER_BOUNCE_ASIDE_FOLDER`` (made when
  missing) and removed from the inbox; removals are expunged when the run closes.
  Messages flagged deleted are skipped, so a run that died before the expunge
  does not read them again.
* POP3 has no folders: a message set aside stays in the mailbox (and is read, and
  set aside, again next time; it never counts as a bounce).

IMAP and POP3 always speak TLS (implicit, or STARTTLS with ``NEWSLETTER_BOUNCE_SSL``
off) and check the server's certificate and name against the system's trusted
certificates, or against ``NEWSLETTER_BOUNCE_CA_FILE`` for a mail server with a
certificate of its own. The stdlib's ``imaplib`` and ``poplib`` check nothing unless
given such a context: anyone on the way could then have read the mailbox password.
"""

import imaplib
import mailbox
import poplib
import ssl

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ASIDE = "onbekend"
TIMEOUT = 30  # seconds for a network mailbox to answer


def _setting(name, default=""):
    return getattr(settings, f"NEWSLETTER_BOUNCE_{name}", default)


def tls_context():
    """Certificate and host name checked (``ssl.create_default_context``)."""
    return ssl.create_default_context(cafile=_setting("CA_FILE") or None)


class MaildirSource:
    def __init__(self, path):
        self.box = mailbox.Maildir(path, factory=None, create=True)

    def messages(self):
        for key in list(self.box.keys()):
            yield key, self.box.get_bytes(key)

    def done(self, key):
        self.box.remove(key)

    def set_aside(self, key):
        if ASIDE in self.box.list_folders():
            aside = self.box.get_folder(ASIDE)
        else:
            aside = self.box.add_folder(ASIDE)
        aside.add(self.box.get_bytes(key))
        self.box.remove(key)

    def close(self):
        self.box.close()


class ImapSource:
    def __init__(self, host, port, user, password, folder="INBOX", aside=ASIDE, use_ssl=True):
        if use_ssl:
            self.conn = imaplib.IMAP4_SSL(host, port, ssl_context=tls_context(), timeout=TIMEOUT)
        else:
            self.conn = imaplib.IMAP4(host, port, timeout=TIMEOUT)
            self.conn.starttls(ssl_context=tls_context())
        self.conn.login(user, password)
        self.aside = aside
        self.conn.create(aside)  # "already exists" is an ordinary NO answer
        status, _ = self.conn.select(folder)
        if status != "OK":
            raise ImproperlyConfigured("De IMAP-map voor bounces bestaat niet.")

    def messages(self):
        _, data = self.conn.uid("SEARCH", None, "UNDELETED")
        for uid in (data[0] or b"").split():
            _, parts = self.conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in parts if isinstance(part, tuple)), None)
            if raw is not None:
                yield uid, raw

    def done(self, uid):
        self.conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")

    def set_aside(self, uid):
        status, _ = self.conn.uid("COPY", uid, self.aside)
        if status == "OK":  # never delete what could not be copied
            self.done(uid)

    def close(self):
        try:
            self.conn.expunge()
            self.conn.close()
        finally:
            self.conn.logout()


class Pop3Source:
    def __init__(self, host, port, user, password, use_ssl=True):
        if use_ssl:
            self.conn = poplib.POP3_SSL(host, port, context=tls_context(), timeout=TIMEOUT)
        else:
            self.conn = poplib.POP3(host, port, timeout=TIMEOUT)
            self.conn.stls(context=tls_context())
        self.conn.user(user)
        self.conn.pass_(password)

    def messages(self):
        count, _size = self.conn.stat()
        for number in range(1, count + 1):
            _, lines, _ = self.conn.retr(number)
            yield number, b"\r\n".join(lines) + b"\r\n"

    def done(self, number):
        self.conn.dele(number)

    def set_aside(self, number):
        pass  # no folders in POP3: it stays, and never counts

    def close(self):
        self.conn.quit()  # deletions take effect here


def open_source(kind=None, maildir=None):
    """The configured bounce mailbox, or None when bounce processing is off."""
    kind = (kind or ("maildir" if maildir else _setting("MAILBOX"))).lower()
    if not kind:
        return None
    if kind == "maildir":
        path = maildir or _setting("MAILDIR")
        if not path:
            raise ImproperlyConfigured("NEWSLETTER_BOUNCE_MAILDIR ontbreekt.")
        return MaildirSource(path)
    use_ssl = bool(_setting("SSL", True))
    common = {
        "host": _setting("HOST"),
        "user": _setting("USER"),
        "password": _setting("PASSWORD"),
        "use_ssl": use_ssl,
    }
    if kind == "imap":
        port = int(_setting("PORT") or (993 if use_ssl else 143))
        return ImapSource(
            port=port,
            folder=_setting("FOLDER", "INBOX") or "INBOX",
            aside=_setting("ASIDE_FOLDER", ASIDE) or ASIDE,
            **common,
        )
    if kind == "pop3":
        port = int(_setting("PORT") or (995 if use_ssl else 110))
        return Pop3Source(port=port, **common)
    raise ImproperlyConfigured(f"Onbekende NEWSLETTER_BOUNCE_MAILBOX: {kind!r}")
