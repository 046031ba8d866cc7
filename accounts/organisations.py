"""What an organisation carries, per kind: the rules behind ``Organisation.clean``.

Kept beside the models (and free of imports from them, so the two never import
each other) because the admin form and the organisation import both run them.

* A school has a BRIN code, a bestuur and a *schooltype*; the type decides which
  forms the school may start (a form page can be limited to schooltypes), so a
  beheerder chooses it rather than getting a silent default that would open or close
  forms by accident.
* A *licentienaam* is the name a sending school types to transfer a dossier (the
  loket's overdracht finds the receiver by it): only an organisation that can receive a
  transfer, a school or an external organisation such as CLEO ("TOMVONK"), has one.
  For the SWV or a bestuur it would mean nothing. Two receivers with the same
  licentienaam would make a transfer land at whichever comes first, so it is unique.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolType(models.TextChoices):
    BAO = "bao", _("BAO (basisonderwijs)")
    SBO = "sbo", _("SBO (speciaal basisonderwijs)")
    SO = "so", _("SO (speciaal onderwijs)")
    VSO = "vso", _("VSO (voortgezet speciaal onderwijs)")
    VO = "vo", _("VO (voortgezet onderwijs)")
    EXTERN = "extern", _("Externe school (niet aangesloten)")


# Kinds (``Organisation.Kind`` values) that may receive a transferred dossier, so carry a
# licentienaam.
LICENCE_KINDS = ("school", "extern")


def check_organisation(organisation):
    """Normalise and check ``organisation`` in place; raise ``ValidationError`` per field."""
    organisation.brin = organisation.brin.strip().upper()
    organisation.licence_name = organisation.licence_name.strip()
    errors = {}
    if organisation.kind == "school":
        if not organisation.brin:
            errors["brin"] = _("Een school heeft een BRIN-code.")
        if not organisation.bestuur_id:
            errors["bestuur"] = _("Kies het bestuur van deze school.")
        if not organisation.school_type:
            errors["school_type"] = _("Kies het schooltype van deze school.")
    else:
        if organisation.bestuur_id:
            errors["bestuur"] = _("Alleen een school hoort bij een bestuur.")
        if organisation.school_type:
            errors["school_type"] = _("Alleen een school heeft een schooltype.")
    if organisation.licence_name:
        if organisation.kind not in LICENCE_KINDS:
            errors["licence_name"] = _(
                "Alleen een school of een externe organisatie heeft een licentienaam: "
                "daarmee draagt een school een dossier aan hen over."
            )
        elif _licence_name_taken(organisation):
            errors["licence_name"] = _(
                "Een andere organisatie heeft al deze licentienaam; kies een andere."
            )
    if errors:
        raise ValidationError(errors)


def _licence_name_taken(organisation):
    others = type(organisation)._default_manager.filter(
        licence_name__iexact=organisation.licence_name
    )
    if organisation.pk is not None:
        others = others.exclude(pk=organisation.pk)
    return others.exists()
