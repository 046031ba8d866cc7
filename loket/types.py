"""The kinds of aanvraag a loket form can produce.

Each is registered with the form engine as a hand-off (``loket.lifecycle.form_setup``): a
form page chooses one, and the intake gives the aanvraag that type.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AanvraagType(models.TextChoices):
    TLV = "tlv", _("TLV")
    TLV_VERLENGING = "tlv_verlenging", _("TLV-verlenging")
    SCHOOLARRANGEMENT = "schoolarrangement", _("Schoolarrangement")
    GROEPSARRANGEMENT = "groepsarrangement", _("Groepsarrangement")
    INDIVIDUEEL_ARRANGEMENT = "individueel_arrangement", _("Individueel arrangement")
    TOP_ARRANGEMENT = "top_arrangement", _("TOP-arrangement")
    OZA = "oza", _("OZA-aanvraag")
    OVERIG = "overig", _("Overig")
