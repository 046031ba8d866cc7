"""The actions an SWV employee takes on an aanvraag in the admin, as a keyed registry.

``POST /admin/loket/<pk>/actie/<name>/`` runs ``actions[name]``. An action takes the
request, the aanvraag (already limited to what the user may see) and a dict to put
its bound form in (so a refused form is shown again with its errors), runs one
service function and returns an ``Outcome``: the Dutch sentence for the success
message and any warnings. It raises ``TransitionError`` to refuse, with the Dutch
reason and the 4xx status. Adding an action is one ``@action("name")`` function,
here or in the module of its concern (notes: ``notitie_views``, vergaderingen:
``vergadering_views``), plus its button in ``templates/loket/admin/``.
"""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from accounts.registry import Registry
from loket.errors import TransitionError
from loket.lifecycle import evaluatie, evaluatie_verplaatsen, services
from loket.staff.forms import (
    AssignForm,
    BesluitForm,
    EvaluatieVerplaatsenForm,
    MessageForm,
    TerugkoppelingForm,
)

actions = Registry("loket.staff.actions")


@dataclass
class Outcome:
    message: str
    warnings: list = field(default_factory=list)


def action(name):
    """Register the decorated function as the admin action ``name``."""

    def decorate(function):
        actions.register(name, function)
        return function

    return decorate


def register_group(names, run):
    """Register ``run(name, request, aanvraag, forms)`` (returning the message) under each name."""
    for name in names:
        actions.register(
            name, lambda request, aanvraag, forms, name=name: run(name, request, aanvraag, forms)
        )


def run(name, request, aanvraag, forms):
    """Run the action ``name``; an unknown name is a 404 in Dutch, like a refused action."""
    try:
        function = actions[name]
    except LookupError:
        raise TransitionError(_("Onbekende actie."), 404) from None
    outcome = function(request, aanvraag, forms)
    return outcome if isinstance(outcome, Outcome) else Outcome(outcome)


def _valid(form, message):
    if not form.is_valid():
        raise TransitionError(message, 400)
    return form.cleaned_data


@action("in-behandeling")
def take_in(request, aanvraag, forms):
    services.take_in(aanvraag, request.user)
    return _("De aanvraag is in behandeling genomen.")


@action("toewijzen")
def assign(request, aanvraag, forms):
    form = forms["assign"] = AssignForm(request.POST)
    data = _valid(form, _("Kies een consulent."))
    services.assign_consulent(aanvraag, request.user, data["consulent"])
    return _("De consulent is toegewezen.")


@action("aanvulling")
def request_aanvulling(request, aanvraag, forms):
    form = forms["aanvulling"] = MessageForm(request.POST, prefix="aanvulling")
    data = _valid(form, _("Schrijf wat de school moet aanvullen."))
    services.request_aanvulling(aanvraag, request.user, data["message"])
    return _("De school is gevraagd de aanvraag aan te vullen.")


@action("terugkoppeling")
def terugkoppeling(request, aanvraag, forms):
    form = forms["terugkoppeling"] = TerugkoppelingForm(request.POST, request.FILES, prefix="tk")
    data = _valid(form, _("Schrijf de terugkoppeling."))
    services.give_terugkoppeling(aanvraag, request.user, data["text"], data["files"])
    return _("De terugkoppeling is verstuurd.")


@action("besluit")
def besluit(request, aanvraag, forms):
    form = forms["besluit"] = BesluitForm(request.POST, prefix="besluit")
    data = _valid(form, _("Controleer de velden van het besluit."))
    _besluit, warnings = services.decide(aanvraag, request.user, **data)  # with evaluatiedata
    return Outcome(_("Het besluit is vastgelegd."), list(warnings))


@action("archiveren")
def archiveren(request, aanvraag, forms):
    if aanvraag.dossier is None:
        raise TransitionError(_("Deze aanvraag hoort niet bij een dossier."), 400)
    services.archive_dossier(aanvraag.dossier, request.user)
    return _("Het dossier is gearchiveerd.")


@action("evaluatie-gelezen")
def evaluatie_gelezen(request, aanvraag, forms):
    """A received evaluation read: it leaves the work list (``loket.lifecycle.evaluatie``)."""
    moment = request.POST.get("moment", "")
    if not moment.isdigit():
        raise TransitionError(_("Kies de evaluatie die je hebt gelezen."), 400)
    evaluatie.mark_read(aanvraag, request.user, int(moment))
    return _("De evaluatie is als gelezen gemarkeerd.")


@action("evaluatie-verplaatsen")
def evaluatie_verplaatst(request, aanvraag, forms):
    """A planned evaluation moment to another date, with a reason
    (``loket.lifecycle.evaluatie_verplaatsen``: consulent of the school or commissie)."""
    form = EvaluatieVerplaatsenForm(request.POST, prefix="verplaatsen")
    data = _valid(form, _("Kies het evaluatiemoment, een geldige nieuwe datum en een reden."))
    moment = evaluatie_verplaatsen.move(
        aanvraag, request.user, data["moment"], data["datum"], data["reden"]
    )
    return _("Het evaluatiemoment is verplaatst naar %(datum)s.") % {
        "datum": formats.date_format(moment.due_date, "j F Y")
    }
