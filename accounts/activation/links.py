"""Activation links: the only way to a TOTP secret for an account without 2FA.

A new account, and an account after a beheerder's 2FA reset, gets a single-use
link by e-mail. The link sets the password and enrols the authenticator app in
one flow, so possession of the mailbox *and* the new app is proven before the
account is usable; a password alone never reaches a secret (issue 10, hole 1).

Tokens are 32 random bytes; only their SHA-256 is stored. The URL carries the
token and nothing else, and the mail carries nothing but the link.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.activation.models import ActivationLink
from accounts.models import SecurityEvent


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def link_hours():
    return getattr(settings, "ACCOUNT_ACTIVATION_HOURS", 72)


def create_link(user):
    """Store a new link for ``user`` and return its token (only this once in plain text)."""
    token = secrets.token_urlsafe(32)
    ActivationLink.objects.create(
        user=user,
        token_hash=_hash(token),
        expires_at=timezone.now() + timedelta(hours=link_hours()),
    )
    return token


def link_url(token):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("accounts:activate", args=[token])


def recently_sent(user):
    """True when a link went to this user within ``ACCOUNT_ACTIVATION_RESEND_MINUTES``."""
    minutes = getattr(settings, "ACCOUNT_ACTIVATION_RESEND_MINUTES", 15)
    since = timezone.now() - timedelta(minutes=minutes)
    return ActivationLink.objects.filter(user=user, created_at__gte=since).exists()


def send_link(user, actor=None, throttle=False):
    """Mail a fresh activation link to the account's own address.

    ``throttle`` is for requests the user makes themselves (at most one link per
    period); a beheerder's explicit send is never throttled. Returns whether a
    mail went out; callers that answer the public never show that.
    """
    if not user.is_active or (throttle and recently_sent(user)):
        return False
    token = create_link(user)
    context = {"url": link_url(token), "hours": link_hours()}
    send_mail(
        render_to_string("account/email/activation_subject.txt", context).strip(),
        render_to_string("account/email/activation.txt", context),
        None,
        [user.email],
    )
    SecurityEvent.objects.create(
        user=user, actor=actor or user, kind=SecurityEvent.Kind.ACTIVATION_SENT
    )
    return True


def _open_links():
    return ActivationLink.objects.filter(
        used_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
    )


def valid_link(token):
    """The open link for this token, or None (unknown, used, expired or enrolled)."""
    if not token or len(token) > 100:
        return None
    link = _open_links().select_related("user").filter(token_hash=_hash(token)).first()
    if link is None or TOTPDevice.objects.filter(user=link.user, confirmed=True).exists():
        return None
    return link


@transaction.atomic
def use_link(token, password):
    """Spend the link: set the password and start a new enrolment attempt.

    Returns ``(user, device)`` or None when the link is no longer valid. The
    row is locked and marked used in one transaction, so two requests with the
    same link cannot both pass. Each use makes its own unconfirmed device: its
    secret is shown only to the session that used the link.
    """
    link = valid_link(token)
    if link is None:
        return None
    updated = ActivationLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not updated:
        return None
    user = link.user
    user.set_password(password)
    user.save(update_fields=["password"])
    device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    SecurityEvent.objects.create(user=user, actor=user, kind=SecurityEvent.Kind.ACTIVATED)
    return user, device


def discard_open_links(user):
    """After a confirmed enrolment no older link may start another one."""
    ActivationLink.objects.filter(user=user, used_at__isnull=True).delete()
