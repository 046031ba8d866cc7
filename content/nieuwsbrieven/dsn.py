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

A refusal during the SMTP session itself (``classify_reply``) follows the same rule by
its reply code: ``5xx`` to ``RCPT TO`` is hard, ``4xx`` soft; a refusal after ``DATA``
is about this message (a filter, a full mailbox), not the address, so it is soft either
way. The status kept is the enhanced code in the reply (``5.1.1``), else the reply code.
"""

import re

HARD = "hard"
SOFT = "soft"

AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponse")
ENHANCED_CODE = re.compile(rb"\b([245]\.\d{1,3}\.\d{1,3})\b")


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


def classify_reply(code, reply=b"", stage="rcpt"):
    """(kind, status) of a refusal in the SMTP session: HARD, SOFT or None (not refused).

    ``stage`` is ``"rcpt"`` (the server refused the address) or ``"data"`` (it refused
    the message after DATA: soft, whatever the code)."""
    if not 400 <= int(code) < 600:
        return None, ""
    if isinstance(reply, str):
        reply = reply.encode("utf-8", "replace")
    enhanced = ENHANCED_CODE.search(reply or b"")
    status = enhanced.group(1).decode() if enhanced else str(int(code))
    if stage == "rcpt" and int(code) >= 500:
        return HARD, status[:20]
    return SOFT, status[:20]
