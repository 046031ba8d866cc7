"""Forms for instemming: register one, answer with the code, withdraw (rules in the service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.widgets import DateInput


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
    datum = forms.DateField(label=_("Datum"), required=False, widget=DateInput())
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        help_text=_("Hoe is de instemming verkregen, of waarom is er geen instemming?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, bijlagen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bijlagen"].choices = [(str(b.pk), b.original_name) for b in bijlagen]

    def clean_emails(self):
        validator = forms.EmailField()
        lines = [line.strip() for line in self.cleaned_data["emails"].splitlines()]
        return [validator.clean(line) for line in lines if line]


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
