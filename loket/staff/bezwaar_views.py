"""Bezwaar and herziening on the admin aanvraag page, next to the besluit actions.

The commissie allows a late bezwaar, records the hearing and the outcome of a
bezwaar, and revises a besluit, through the admin's one action view
(``loket.staff.views.action``) as ``bezwaar-uitstel``, ``hoorzitting``,
``bezwaar-uitkomst`` and ``herziening``. The rules are in
``loket.lifecycle.bezwaar`` and ``loket.lifecycle.herziening``; a consulent reads
the bezwaren of their schools but gets no tabs (the services refuse them too).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from loket.errors import TransitionError
from loket.lifecycle import bezwaar as rules
from loket.lifecycle import herziening
from loket.models import Aanvraag, Bezwaar
from loket.staff import actions
from loket.staff.forms import BesluitForm
from permissions import policy

TEXT = forms.Textarea(attrs={"rows": 5})


class UitstelForm(forms.Form):
    tot_en_met = forms.DateField(
        label=gettext_lazy("Bezwaar mogelijk tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reden = forms.CharField(
        label=gettext_lazy("Waarom laat de commissie een te laat bezwaar toe?"),
        widget=TEXT,
        max_length=5000,
    )


class HoorzittingForm(forms.Form):
    bezwaar = forms.IntegerField(widget=forms.HiddenInput)
    op = forms.DateTimeField(
        label=gettext_lazy("Datum en tijd van de hoorzitting"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    verslag = forms.CharField(label=gettext_lazy("Verslag"), widget=TEXT, max_length=20000)


class UitkomstForm(forms.Form):
    bezwaar = forms.IntegerField(widget=forms.HiddenInput)
    uitkomst = forms.ChoiceField(
        label=gettext_lazy("Beslissing op het bezwaar"),
        choices=Bezwaar.Uitkomst.choices,
        widget=forms.RadioSelect,
    )
    motivering = forms.CharField(label=gettext_lazy("Motivering"), widget=TEXT, max_length=20000)


class HerzieningForm(BesluitForm):
    reden = forms.CharField(
        label=gettext_lazy("Reden van de herziening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=gettext_lazy("Staat in het herziene besluit; bijvoorbeeld: bezwaar gegrond."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Co-signing was settled at the besluit; a herziening does not ask it again.
        self.fields.pop("zonder_ondertekening")
        self.fields.pop("zonder_ondertekening_reden")
        self.order_fields(["reden"])


def _is_commissie(user):
    return user.is_superuser or policy.has_role(user, Role.COMMISSIE)


def _bezwaar_of(aanvraag, form):
    """The bezwaar named by the form, among this aanvraag's only (else a Dutch 404)."""
    bezwaar = aanvraag.bezwaren.filter(pk=form.cleaned_data["bezwaar"]).first()
    if bezwaar is None:
        raise TransitionError(_("Dit bezwaar bestaat niet bij deze aanvraag."), 404)
    return bezwaar


def _valid(form, message):
    if not form.is_valid():
        raise TransitionError(message, 400)
    return form.cleaned_data


def run_action(name, request, aanvraag, forms_out):
    post, user = request.POST, request.user
    if name == "bezwaar-uitstel":
        form = forms_out["bezwaar-uitstel"] = UitstelForm(post, prefix="uitstel")
        data = _valid(form, _("Vul een datum en de reden in."))
        uitstel = rules.allow_late(aanvraag, user, data["reden"], data["tot_en_met"])
        return _("De school kan tot en met %(d)s alsnog bezwaar maken.") % {
            "d": uitstel.tot_en_met.strftime("%d-%m-%Y")
        }
    if name == "hoorzitting":
        form = forms_out["hoorzitting"] = HoorzittingForm(post, prefix="hoorzitting")
        data = _valid(form, _("Vul de datum, de tijd en het verslag van de hoorzitting in."))
        rules.register_hearing(_bezwaar_of(aanvraag, form), user, data["op"], data["verslag"])
        return _("De hoorzitting is vastgelegd; de school krijgt het verslag.")
    if name == "bezwaar-uitkomst":
        form = forms_out["bezwaar-uitkomst"] = UitkomstForm(post, prefix="uitkomst")
        data = _valid(form, _("Kies de beslissing en schrijf de motivering."))
        bezwaar = rules.decide_bezwaar(
            _bezwaar_of(aanvraag, form), user, data["uitkomst"], data["motivering"]
        )
        if bezwaar.uitkomst == Bezwaar.Uitkomst.GEGROND:
            return _("Het bezwaar is gegrond verklaard. Herzie nu het besluit.")
        return _("De beslissing op het bezwaar is vastgelegd.")
    form = forms_out["herziening"] = HerzieningForm(post, prefix="herziening")
    data = _valid(form, _("Controleer de velden van de herziening."))
    _h, warnings = herziening.revise(aanvraag, user, **data)
    return actions.Outcome(_("Het besluit is herzien."), list(warnings))


ACTIONS = {"bezwaar-uitstel", "hoorzitting", "bezwaar-uitkomst", "herziening"}
TAB_OF_FORM = {name: name for name in ACTIONS}


def context_for(request, aanvraag, forms_in):
    """The bezwaar part of the admin page, and the commissie's tabs for it."""
    bezwaren = list(aanvraag.bezwaren.prefetch_related("bijlagen", "documenten"))
    besloten = aanvraag.status == Aanvraag.Status.BESLOTEN and hasattr(aanvraag, "besluit")
    today = timezone.localdate()
    open_one = next((b for b in bezwaren if b.is_open), None)
    tabs = []
    if _is_commissie(request.user) and besloten:
        if open_one and open_one.hoorzitting_op is None:
            tabs.append(("hoorzitting", _("Hoorzitting")))
        if open_one:
            tabs.append(("bezwaar-uitkomst", _("Beslissing op bezwaar")))
        if open_one is None and today > rules.regular_deadline(aanvraag):
            tabs.append(("bezwaar-uitstel", _("Te laat bezwaar toelaten")))
        tabs.append(("herziening", _("Herziening")))
    bezwaar_id = {"bezwaar": open_one.pk} if open_one else {}
    besluit = getattr(aanvraag, "besluit", None)
    current = {name: getattr(besluit, name) for name in herziening.FIELDS} if besluit else {}
    herziening_form = forms_in.get("herziening") or HerzieningForm(
        prefix="herziening", initial=current
    )
    if aanvraag.type in ("tlv", "tlv_verlenging"):
        herziening_form.fields.pop("amount", None)
    else:
        herziening_form.fields.pop("tlv_categorie", None)
    return {
        "bezwaren": bezwaren,
        "bezwaar_deadline": rules.deadline(aanvraag) if besloten else None,
        "open_bezwaar": open_one,
        "awaiting_herziening": rules.awaiting_herziening(aanvraag) if besloten else None,
        "herzieningen": list(aanvraag.herzieningen.select_related("decided_by")),
        "bezwaar_tabs": tabs,
        "uitstel_form": forms_in.get("bezwaar-uitstel") or UitstelForm(prefix="uitstel"),
        "hoorzitting_form": forms_in.get("hoorzitting")
        or HoorzittingForm(prefix="hoorzitting", initial=bezwaar_id),
        "uitkomst_form": forms_in.get("bezwaar-uitkomst")
        or UitkomstForm(prefix="uitkomst", initial=bezwaar_id),
        "herziening_form": herziening_form,
    }


actions.register_group(ACTIONS, run_action)
