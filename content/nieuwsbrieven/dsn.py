"""Reading delivery status notifications (RFC 3464) with the stdlib ``email`` package.

A bounce is a ``multipart/report; report-type=delivery-status`` message with a
``message/delivery-status`` part: a block of per-message fields, then one block per
recipient with ``Action`` and ``Status``. We use only those two fields:

* ``Action: failed`` with a ``5.x.x`` status is a *hard* bounce (the address or
  domain does not exist, the mailbox is gone: mailing again will not help);
* ``Action: failed`` with a ``4.x.x`` status (the server gave up retrying) and
  ``Action: delayed`` are *soft* (mailbox full, server away: may pass);
* ``delivered``, ``relayed`` and ``expanded`` are no bounce at all.

The recipient addresses in the DSN (``Final-Recipient``, the optional
``Original-Recipient``) are not used: the VERP token says which delivery it was,
and a forwarded address would not match anyway.

A message without a DSN part, arriving at a VERP address, is counted as *soft*,
never hard: the return path only receives answers to the envelope, so it is
nearly always a bounce of a server that does not speak RFC 3464 (qmail, old
Exchange), and a soft bounce only suppresses after several consecutive sends, so
one odd message cannot cost anybody their newsletter. Auto-replies (RFC 3834
``Auto-Submitted: auto-replied`` or the common ``X-Autoreply`` headers, without a
DSN) are no bounce: an out-of-office must not block a subscriber.
"""

HARD = "hard"
SOFT = "soft"

AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponse")


def _field(block, name):
    value = block.get(name)
    return str(value).split(";")[-1].strip().lower() if value is not None else ""


def _status_code(block):
    # "Status: 5.1.1 (bad destination mailbox address)": the code is the first word.
    words = _field(block, "Status").split()
    return words[0] if words else ""


def _recipient_blocks(message):
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else []
        yield from (block for block in blocks if block.get("Action") is not None)


def has_report(message):
    return any(part.get_content_type() == "message/delivery-status" for part in message.walk())


def is_autoreply(message):
    submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    return submitted.startswith("auto-replied") or any(
        message.get(header) is not None for header in AUTOREPLY_HEADERS
    )


def classify(message):
    """(kind, status code) of a bounce message: kind is HARD, SOFT or None (no bounce)."""
    if not has_report(message):
        if is_autoreply(message):
            return None, ""
        return SOFT, ""
    verdict, code = None, ""
    for block in _recipient_blocks(message):
        action, status = _field(block, "Action"), _status_code(block)
        if action == "failed" and status.startswith("5"):
            return HARD, status[:20]
        if action in ("failed", "delayed") and verdict is None:
            verdict, code = SOFT, status[:20]
    return verdict, code
