"""What each status of an aanvraag means for the school, and what it can do now.

One place for these texts, so the aanvraag page (and anything else that explains
a status to a school) says the same thing. One line each, in plain Dutch.
"""

from django.utils.translation import gettext_lazy as _

from loket.models import Aanvraag

S = Aanvraag.Status

# status -> (what it means, what the school can do now)
STATUS_TEXTS = {
    S.INGEDIEND: (
        _("Het SWV heeft je aanvraag ontvangen; een consulent neemt hem snel in behandeling."),
        _("Je hoeft nu niets te doen. Intrekken kan nog."),
    ),
    S.IN_BEHANDELING: (
        _("Een consulent van het SWV beoordeelt je aanvraag."),
        _("Je hoeft nu niets te doen. Ontbreekt er iets, dan vragen we je om een aanvulling."),
    ),
    S.AANVULLING_GEVRAAGD: (
        _("Het SWV heeft meer informatie nodig om je aanvraag te beoordelen."),
        _("Stuur je aanvulling hieronder; daarna gaat de behandeling verder."),
    ),
    S.AANGEVULD: (
        _("Je aanvulling is ontvangen; de consulent beoordeelt je aanvraag verder."),
        _("Je hoeft nu niets te doen."),
    ),
    S.BESLOTEN: (
        _("Er is een besluit genomen over je aanvraag."),
        _("Lees het besluit hieronder. Ben je het er niet mee eens, dan kun je bezwaar maken."),
    ),
    S.INGETROKKEN: (
        _("Deze aanvraag is ingetrokken en wordt niet verder behandeld."),
        _("Is er toch ondersteuning nodig, dien dan een nieuwe aanvraag in."),
    ),
}


def status_text(status):
    """``{"meaning", "action"}`` for ``status``; empty texts for an unknown one."""
    meaning, action = STATUS_TEXTS.get(status, ("", ""))
    return {"meaning": meaning, "action": action}
