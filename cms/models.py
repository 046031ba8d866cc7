"""Site-wide settings editable in the Wagtail admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="help")
class SiteSettings(BaseSiteSetting):
    """Helpdesk contact and footer text, shown on every page."""

    helpdesk_name = models.CharField(_("naam helpdesk"), max_length=120, default=_("Helpdesk SWV"))
    helpdesk_email = models.EmailField(_("e-mailadres helpdesk"), blank=True)
    helpdesk_phone = models.CharField(_("telefoonnummer helpdesk"), max_length=40, blank=True)
    helpdesk_hours = models.CharField(
        "bereikbaarheid",
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: ma t/m vr 9.00–16.00"),
    )
    footer_text = models.TextField(_("tekst in de voettekst"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("helpdesk_name"),
                FieldPanel("helpdesk_email"),
                FieldPanel("helpdesk_phone"),
                FieldPanel("helpdesk_hours"),
            ],
            heading=_("Helpdesk"),
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site-instellingen")


# The four-eyes approval task of the editorial workflow lives with its workflow.
from .review import FourEyesApprovalTask  # noqa: E402, F401
