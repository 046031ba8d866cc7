"""What every e-mailed link of the loket shares: a random token stored as a hash and,
on request, a six-digit code mailed to the same address.

Used by the parents' instemming (``loket.instemming.services``) and by the
mede-ondertekening of orthopedagoog and bestuur (``loket.instemming.ondertekening``),
so both keep one set of rules: a code is single use, valid ``CODE_VALIDITY``, allows
``MAX_CODE_TRIES`` wrong tries and can be asked for at most once per ``CODE_COOLDOWN``
and ``MAX_CODE_REQUESTS`` times per link. A record needs a ``token_hash`` and the code
fields of ``loket.models.instemming.LinkCodeFields``. Logging is left to the caller
(``on_issued``, ``on_wrong``), inside the same transaction.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from loket.errors import TransitionError

CODE_VALIDITY = timedelta(minutes=10)
CODE_COOLDOWN = timedelta(seconds=60)
MAX_CODE_TRIES = 5
MAX_CODE_REQUESTS = 5
CODE_FIELDS = ["code_hash", "code_expires_at", "code_attempts", "code_requests"]


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    """A fresh link token and the hash that is stored (the token lives only in the mail)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_code(salt, record, code):
    return salted_hmac(salt, f"{record.pk}:{code}").hexdigest()


def issue_code(record, *, salt, on_issued=None):
    """A fresh code for ``record`` (throttled); returns ``(locked record, code)``."""
    now = timezone.now()
    with transaction.atomic():
        record = type(record).objects.select_for_update().get(pk=record.pk)
        if record.code_requests >= MAX_CODE_REQUESTS:
            raise TransitionError(
                _("Je hebt te vaak een code gevraagd. Vraag de school om een nieuwe link."), 429
            )
        if record.code_requested_at and now - record.code_requested_at < CODE_COOLDOWN:
            raise TransitionError(
                _("Er is net een code verstuurd. Wacht een minuut voor je een nieuwe vraagt."),
                429,
            )
        code = f"{secrets.randbelow(1_000_000):06d}"
        record.code_hash = hash_code(salt, record, code)
        record.code_expires_at = now + CODE_VALIDITY
        record.code_attempts = 0
        record.code_requests += 1
        record.code_requested_at = now
        record.save(update_fields=[*CODE_FIELDS, "code_requested_at"])
        if on_issued is not None:
            on_issued(record)
    return record, code


def check_code(record, code, *, salt, on_wrong=None):
    """True when ``code`` is the outstanding one (then it is used up); False when wrong.

    Raises a Dutch ``TransitionError`` when no code is outstanding or it expired, and
    when this wrong try was the last one allowed."""
    code = (code or "").strip()
    with transaction.atomic():
        record = type(record).objects.select_for_update().get(pk=record.pk)
        if (
            not record.code_hash
            or record.code_expires_at is None
            or record.code_expires_at < timezone.now()
        ):
            raise TransitionError(_("Deze code is verlopen of al gebruikt. Vraag een nieuwe aan."))
        if constant_time_compare(record.code_hash, hash_code(salt, record, code)):
            record.code_hash = ""
            record.save(update_fields=["code_hash"])
            return True
        record.code_attempts += 1
        if record.code_attempts >= MAX_CODE_TRIES:
            record.code_hash = ""
        record.save(update_fields=["code_attempts", "code_hash"])
        if on_wrong is not None:
            on_wrong(record)
    if record.code_attempts >= MAX_CODE_TRIES:
        raise TransitionError(
            _("De code is te vaak fout ingevuld. Vraag een nieuwe code aan."), 400
        )
    return False
