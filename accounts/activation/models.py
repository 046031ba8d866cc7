"""The stored half of an activation link (imported by ``accounts.models``).

Kept in its own module so ``accounts/models.py`` stays small; the rules that use
it live in ``accounts.activation.links``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivationLink(models.Model):
    """A single-use link that sets the password and enrols the authenticator app.

    Only the SHA-256 of the random token is stored: someone who reads the database
    cannot use a link that is still open. ``used_at`` makes it single use; the
    link is refused after ``expires_at``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="activation_links",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)

    class Meta:
        app_label = "accounts"
        verbose_name = _("activatielink")
        verbose_name_plural = _("activatielinks")

    def __str__(self):
        return str(_("activatielink"))
