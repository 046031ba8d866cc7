"""What the loket registers with the form engine (called from ``LoketConfig.ready()``).

* a hand-off per aanvraag type: a form page chooses one, the intake turns the
  submission into an aanvraag of that type;
* who fills in: verified schoolgebruikers, for their own schools;
* the pupil field type and the hoorrecht field type (``loket.lifecycle.hoorrecht``);
* the field roles the loket reads answers by (besluit defaults, intake, transfer);
* an audience per schooltype, so a form page can be "Alleen voor schooltypen" (e.g. the
  TLV-verlenging for (V)SO and external schools): a school of another type neither
  sees the form nor opens it.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, SchoolType
from forms.audiences import Audience, audiences
from forms.fieldroles import FieldRole, field_roles
from forms.fieldtypes import field_types, register_field_type
from forms.fillers import FillerPolicy, fillers
from forms.handoff import HandOff, handoffs
from loket.lifecycle import hoorrecht
from loket.lifecycle.form_fields import LEERLING, leerling_field_type
from loket.types import AanvraagType

SCHOOL_USERS = "school_users"
EVALUATIE = "evaluatie"  # the hand-off of evaluation forms (loket.lifecycle.evaluatie.HANDOFF)

AMOUNTS = frozenset({"amount", "number", "calculated"})
DATES = frozenset({"date"})


def _pupil_name(answer):
    return answer.get("naam", "") if isinstance(answer, dict) else str(answer)


# Role keys the loket reads; see loket.lifecycle.intake and
# loket.lifecycle.services.requested_amounts.
ROLES = {
    # The pupil's name tells a school's drafts of one form apart ("Mijn concepten").
    "leerling": FieldRole(_("Leerling"), frozenset({LEERLING}), draft_label=_pupil_name),
    "totaalbedrag": FieldRole(_("Totaalbedrag"), AMOUNTS),
    "bestuursdeel": FieldRole(_("Aandeel schoolbestuur"), AMOUNTS),
    "uurtarief": FieldRole(_("Uurtarief"), AMOUNTS),
    "uren": FieldRole(_("Aantal uren"), frozenset({"number", "calculated"})),
    "startdatum": FieldRole(_("Startdatum"), DATES),
    "einddatum": FieldRole(_("Einddatum"), DATES),
    "evaluatiedatum": FieldRole(_("Evaluatiedatum"), DATES),
    "aanpak": FieldRole(_("Aanpak (plan van aanpak)"), frozenset({"long_text", "file"})),
    "gegeven_instemming": FieldRole(
        _("Gegeven instemming (ouders/bestuur)"), frozenset({"declaration", "yes_no"})
    ),
    # Pupil and parents heard (a TLV): read for the aanvraag page, logboek and besluit.
    hoorrecht.HOORRECHT: hoorrecht.ROLE,
    # A marker on any number of fields: never copied when a dossier is transferred.
    "niet_overdragen": FieldRole(_("Niet overdragen"), unique=False),
}


def _may_fill_in(user):
    from accounts.models import Role

    return user.has_role(Role.SCHOOLGEBRUIKER)


def _schools(user):
    return user.schools()


def school_type_audience(school_type):
    """The engine's audience key of a schooltype (stored in a form page's settings)."""
    return f"schooltype-{SchoolType(school_type).value}"


def _school_type_audience(school_type):
    def matches(organisation):
        return (
            organisation.kind == Organisation.Kind.SCHOOL
            and organisation.school_type == school_type.value
        )

    return Audience(label=school_type.label, matches=matches, group=_("schooltypen"))


def _handoff(aanvraag_type):
    from loket.lifecycle.intake import create_aanvraag_from_submission, describe_submission_result

    def handle(submission):
        return create_aanvraag_from_submission(submission, aanvraag_type=aanvraag_type)

    return HandOff(label=aanvraag_type.label, handle=handle, describe=describe_submission_result)


def _evaluatie_handoff():
    """An evaluation of a granted arrangement (``loket.lifecycle.evaluatie``): never an
    aanvraag; the school opens the form from the aanvraag in Mijn loket."""
    from loket.lifecycle import evaluatie

    return HandOff(
        label=_("Evaluatie van een toegekend arrangement"),
        handle=evaluatie.receive,
        describe=evaluatie.describe,
        listed=False,
        start_hint=_(
            "Een evaluatie open je vanuit de toegekende aanvraag in Mijn loket: kies daar "
            "bij het evaluatiemoment 'Evaluatie invullen'."
        ),
    )


def register():
    if SCHOOL_USERS in fillers:  # ready() may run twice in some test set-ups
        return
    for aanvraag_type in AanvraagType:
        handoffs.register(aanvraag_type.value, _handoff(aanvraag_type))
    handoffs.register(EVALUATIE, _evaluatie_handoff())
    fillers.register(
        SCHOOL_USERS,
        FillerPolicy(
            label=_("Schoolgebruikers voor hun eigen school"),
            may_fill_in=_may_fill_in,
            organisations=_schools,
            choose_message=_("Kies de school waarvoor je dit formulier invult."),
            organisation_noun=_("school"),
        ),
    )
    if LEERLING not in field_types:
        register_field_type(LEERLING, leerling_field_type())
    if hoorrecht.HOORRECHT not in field_types:
        register_field_type(hoorrecht.HOORRECHT, hoorrecht.field_type())
    for key, role in ROLES.items():
        field_roles.register(key, role)
    for school_type in SchoolType:
        audiences.register(school_type_audience(school_type), _school_type_audience(school_type))
