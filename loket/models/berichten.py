"""What goes back and forth after submitting: the school's aanvulling and the SWV's
written terugkoppeling (the loket has no chat)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag


class Aanvulling(models.Model):
    """The school's answer to a request for more information (text + files)."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="aanvullingen"
    )
    text = models.TextField(_("toelichting"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanvulling")
        verbose_name_plural = _("aanvullingen")
        ordering = ["created_at"]

    def __str__(self):
        return f"Aanvulling {self.pk}"


class Terugkoppeling(models.Model):
    """A written reply from the SWV to the school (the loket has no chat)."""

    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="terugkoppelingen",
    )
    text = models.TextField(_("terugkoppeling"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")
        ordering = ["created_at"]

    def __str__(self):
        return f"Terugkoppeling {self.pk}"
