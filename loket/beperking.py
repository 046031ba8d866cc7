"""Restriction of processing (AVG art. 18): what a frozen dossier refuses.

The register of AVG requests (``loket.privacy.verzoeken``) sets and lifts
``Dossier.beperkt_sinds``; this module is the one place that says what it means, so
every entry point (the hand-off of a new aanvraag, each download view) asks the
same question. It lives in the loket's base because the rooms that must refuse
(``lifecycle``, ``school``, ``staff``) may not import the privacy room.

While restricted: no new aanvraag for the pupil at that school, and no file of the
dossier is served to anyone (school, SWV staff, externe). The privacy officer reads
the files through the art. 15 export, which does not pass through these views.
"""

from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

LABEL = "Verwerking beperkt"


def is_restricted(dossier):
    return dossier is not None and dossier.beperkt_sinds is not None


def refuse_new_aanvraag(dossier):
    """Raise a Dutch ``ValidationError`` when ``dossier`` may take no new aanvraag."""
    if is_restricted(dossier):
        raise ValidationError(
            _(
                "De verwerking van het dossier van deze leerling is beperkt (AVG artikel 18). "
                "Er kan nu geen nieuwe aanvraag worden ingediend. Neem contact op met de "
                "privacyfunctionaris van het samenwerkingsverband."
            ),
            code="beperkt",
        )


def refused_download(request, dossier):
    """A Dutch 403 page when a file of ``dossier`` may not be served, else ``None``."""
    if not is_restricted(dossier):
        return None
    return TemplateResponse(request, "loket/beperkt.html", {"dossier": dossier}, status=403)
