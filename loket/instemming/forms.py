"""Forms for instemming: register one, answer with the code, withdraw (rules in the service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.models import Instemming
from loket.widgets import DateInput


def _email_lines(value):
    validator = forms.EmailField()
    lines = [line.strip() for line in value.splitlines()]
    return [validator.clean(line) for line in lines if line]


class InstemmingForm(forms.Form):
    """One of three ways, as in the seed: e-mail with a code, “anders” given, refused."""

    WIJZEN = [
        ("email", _("Instemming op plan: e-mail met een link naar ouder(s) en/of leerling")),
        ("buiten", _("Anders (buiten het portaal): instemming is gegeven")),
        ("geweigerd", _("Anders (niet!): er is geen instemming")),
    ]

    wijze = forms.ChoiceField(label=_("Hoe"), choices=WIJZEN, widget=forms.RadioSelect)
    emails = forms.CharField(
        label=_("E-mailadressen"),
        required=False,
        max_length=1000,
        help_text=_("Eén per regel. Een leerling van 16 jaar of ouder stemt zelf in."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    onderwerp = forms.CharField(label=_("Onderwerp van de e-mail"), required=False, max_length=200)
    ends_on = forms.DateField(label=_("Link werkt tot en met"), required=False, widget=DateInput())
    bijlagen = forms.MultipleChoiceField(
        label=_("Bijlagen die de ouder mag zien"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rol = forms.ChoiceField(
        label=_("Wie stemt in (of weigert)?"),
        choices=Instemming.Rol.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reden_namens = forms.CharField(
        label=_("Waarom stemt een ouder/verzorger in namens de leerling?"),
        required=False,
        max_length=2000,
        help_text=_(
            "Alleen nodig als een ouder/verzorger instemt voor een leerling van 16 jaar of ouder."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    informeren = forms.CharField(
        label=_("Ouders/verzorgers informeren (mag leeg blijven)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Eén e-mailadres per regel. Zij krijgen bericht dat de leerling om instemming "
            "is gevraagd, zonder link."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    datum = forms.DateField(label=_("Datum"), required=False, widget=DateInput())
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        help_text=_("Hoe is de instemming verkregen, of waarom is er geen instemming?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, bijlagen=(), expected_role=Instemming.Rol.OUDER, **kwargs):
        """``expected_role``: who the age rule says answers (``loket.instemming.wie``);
        the reason and the parents to inform only apply when that is the pupil."""
        super().__init__(*args, initial={"rol": expected_role}, **kwargs)
        self.fields["bijlagen"].choices = [(str(b.pk), b.original_name) for b in bijlagen]
        if expected_role != Instemming.Rol.LEERLING:
            del self.fields["reden_namens"]
            del self.fields["informeren"]

    def clean_emails(self):
        return _email_lines(self.cleaned_data["emails"])

    def clean_informeren(self):
        return _email_lines(self.cleaned_data["informeren"])


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code uit de e-mail"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("De code bestaat uit zes cijfers.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class AntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(
        label=_("Stem je in?"),
        choices=[("ja", _("Ja, ik stem in")), ("nee", _("Nee, ik stem niet in"))],
        widget=forms.RadioSelect,
    )
    zienswijze = forms.CharField(
        label=_("Je zienswijze (mag leeg blijven)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class OndertekeningForm(forms.Form):
    """The party's answer: sign, or decline with a reason (checked in the service too)."""

    antwoord = forms.ChoiceField(
        label=_("Onderteken je deze aanvraag?"),
        choices=[
            ("tekenen", _("Ja, ik onderteken deze versie")),
            ("weigeren", _("Nee, ik onderteken niet")),
        ],
        widget=forms.RadioSelect,
    )
    reden = forms.CharField(
        label=_("Reden (verplicht als je niet ondertekent)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("antwoord") == "weigeren" and not (data.get("reden") or "").strip():
            self.add_error("reden", _("Schrijf waarom je niet ondertekent."))
        return data


class OpnieuwVragenForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
