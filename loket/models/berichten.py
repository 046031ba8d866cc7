"""What goes back and forth after submitting: the school's aanvulling and the SWV's
written terugkoppeling (the loket has no chat)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag


def _door():
    """Who wrote it; kept (as empty) when the account is removed."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class _Bericht(models.Model):
    """A dated text on an aanvraag; files hang on it through the bijlagen."""

    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="%(class)sen",
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at"]


class Aanvulling(_Bericht):
    """The school's answer to a request for more information (text + files)."""

    text = models.TextField(_("toelichting"))
    created_by = _door()

    class Meta(_Bericht.Meta):
        verbose_name = _("aanvulling")
        verbose_name_plural = _("aanvullingen")

    def __str__(self):
        return f"Aanvulling {self.pk}"


class Terugkoppeling(_Bericht):
    """A written reply from the SWV to the school (the loket has no chat)."""

    text = models.TextField(_("terugkoppeling"))
    author = _door()

    class Meta(_Bericht.Meta):
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")

    def __str__(self):
        return f"Terugkoppeling {self.pk}"
