"""Two-factor services: enrolment, verification, replacement and reset.

Built on django-otp: a TOTP device for the authenticator app and our own
``BackupCodeDevice`` for hashed single-use backup codes. Views call these
functions; they hold the rules.
"""

import re
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.activation import links as activation

from .models import BackupCodeDevice, SecurityEvent

TOTP_PATTERN = re.compile(r"^\d{6}$")


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_as_text(device):
    """The base32 secret in groups of four, to type into an app without a camera."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """An inline SVG QR code of the otpauth URL, made locally (no external service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


@dataclass
class VerifyResult:
    ok: bool
    device: object = None
    throttled_seconds: int = 0


def _throttle_seconds(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


def verify_code(user, code, totp_device=None):
    """Check a TOTP or backup code for this user.

    A six-digit code goes to the authenticator app (or ``totp_device`` when one is
    given, during enrolment); anything else is tried as a backup code. Both
    devices throttle after a failure: 1 s, 2 s, 4 s, ... and refuse even a correct
    code while throttled.
    """
    code = (code or "").strip().replace(" ", "")
    if TOTP_PATTERN.match(code):
        devices = (
            [totp_device]
            if totp_device is not None
            else list(TOTPDevice.objects.filter(user=user, confirmed=True))
        )
    else:
        devices = list(BackupCodeDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return VerifyResult(False)
    for device in devices:
        wait = _throttle_seconds(device)
        if wait:
            return VerifyResult(False, throttled_seconds=wait)
        # TOTPDevice.verify_token refuses a code whose time step was already used.
        if device.verify_token(code):
            return VerifyResult(True, device=device)
    return VerifyResult(False)


def mark_verified(request, device):
    """Verify the session with this device and give it a fresh session key."""
    otp_login(request, device)
    request.session.cycle_key()


@transaction.atomic
def confirm_enrolment(user, device, actor=None, replacing=False):
    """Confirm a new TOTP device and hand out fresh backup codes.

    Every other device goes: the old app, and every other pending enrolment
    attempt with its own secret. Open activation links go too.
    """
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    activation.discard_open_links(user)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = regenerate_backup_codes(user, log=False)
    SecurityEvent.objects.create(
        user=user,
        actor=actor or user,
        kind=SecurityEvent.Kind.DEVICE_REPLACED if replacing else SecurityEvent.Kind.ENROLLED,
    )
    return codes


@transaction.atomic
def regenerate_backup_codes(user, log=True):
    device, _ = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Back-upcodes", "confirmed": True}
    )
    codes = device.generate_codes()
    if log:
        SecurityEvent.objects.create(
            user=user, actor=user, kind=SecurityEvent.Kind.BACKUP_REGENERATED
        )
    return codes


def end_sessions(user):
    """End every session of ``user`` on the server.

    Rows of the database session store are deleted. Whatever the session engine,
    the caller has also changed the password hash, so Django's session
    verification (``HASH_SESSION_KEY``) flushes any session it missed on its next
    request.
    """
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    from django.contrib.sessions.models import Session

    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()


@transaction.atomic
def reset_two_factor(user, actor):
    """A beheerder removes every device, ends the user's sessions and mails a link.

    The password becomes unusable: whoever knew it (perhaps the reason for the
    reset) gets nothing. The activation link sets a new password and enrols a new
    app in one flow.
    """
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    end_sessions(user)
    SecurityEvent.objects.create(user=user, actor=actor, kind=SecurityEvent.Kind.RESET_BY_ADMIN)
    activation.send_link(user, actor=actor)
