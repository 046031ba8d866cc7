"""Per-recipient return paths (VERP) so that a bounce names the delivery it is about.

A newsletter goes out with the envelope sender ``bounces+<token>@domain`` (from
``NEWSLETTER_BOUNCE_ADDRESS``), while the ``From`` header stays the newsletter's sender.
Django's SMTP backend uses ``EmailMessage.from_email`` as the envelope sender (``MAIL
FROM``) and writes the ``From`` header from ``headers["From"]`` when given, so the two
are set apart in ``delivery.build_message``.

The token is the delivery's id and an HMAC of it, not the address: a bounce mailbox
or a relay's log then shows no personal data, and nobody can forge a bounce for
someone else's delivery. Both parts are lower-case (base 36 and hex) because some
mail servers change the case of the local part on the way back. Tokens made with a
key in ``SECRET_KEY_FALLBACKS`` stay valid, so rotating the key does not orphan the
bounces of mail already sent.
"""

import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

SALT = "content.nieuwsbrieven.verp"
SIGNATURE_LENGTH = 20  # hex digits: 80 bits, and the local part stays under 64 characters

# Headers in which a delivered bounce carries the address it was sent to.
ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")


def bounce_address():
    return (getattr(settings, "NEWSLETTER_BOUNCE_ADDRESS", "") or "").strip().lower()


def _signature(value, secret=None):
    return salted_hmac(SALT, value, secret=secret, algorithm="sha256").hexdigest()[
        :SIGNATURE_LENGTH
    ]


def token_for(delivery_id):
    value = int_to_base36(delivery_id)
    return f"{value}.{_signature(value)}"


def return_path(delivery_id):
    """The envelope sender for one delivery, or None when no bounce address is set."""
    address = bounce_address()
    if "@" not in address:
        return None
    local, domain = address.rsplit("@", 1)
    return f"{local}+{token_for(delivery_id)}@{domain}"


def _pattern():
    address = bounce_address()
    if "@" not in address:
        return None
    local, domain = (re.escape(part) for part in address.rsplit("@", 1))
    return re.compile(
        rf"{local}\+([0-9a-z]{{1,13}})\.([0-9a-f]{{{SIGNATURE_LENGTH}}})@{domain}", re.IGNORECASE
    )


def delivery_id_from(text):
    """The delivery id in the first valid VERP address in ``text``, else None."""
    pattern = _pattern()
    if pattern is None or not text:
        return None
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    for match in pattern.finditer(str(text)):
        value, signature = match.group(1).lower(), match.group(2).lower()
        if any(constant_time_compare(signature, _signature(value, s)) for s in secrets_):
            return base36_to_int(value)
    return None


def delivery_id_in(message):
    """Find the delivery a bounce message is about, from the headers its last hop wrote."""
    for header in ADDRESS_HEADERS:
        for value in message.get_all(header, []):
            found = delivery_id_from(value)
            if found is not None:
                return found
    return None
