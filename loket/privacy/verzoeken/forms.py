"""The forms of the register: they only parse input; the rules are in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.models import AvgVerzoek

from .services import ERASURE_EXCEPTIONS

DATE_ERRORS = {
    "invalid": _("Vul een geldige datum in (dd-mm-jjjj)."),
    "required": _("Vul een datum in."),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Naam (minstens 2 tekens)"), min_length=2, max_length=100)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum (optioneel)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )


class NewRequestForm(forms.Form):
    leerling = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Kies een leerling.")}
    )
    soort = forms.ChoiceField(label=_("Soort verzoek"), choices=AvgVerzoek.Soort.choices)
    ontvangen_op = forms.DateField(
        label=_("Ontvangen op"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )


class ExtendForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van de verlenging"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van de verlenging.")},
    )


class DecideForm(forms.Form):
    besluit = forms.ChoiceField(label=_("Besluit"), choices=AvgVerzoek.Besluit.choices)
    reden = forms.CharField(
        label=_("Motivering (verplicht bij een afwijzing)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RefuseErasureForm(forms.Form):
    uitzondering = forms.ChoiceField(
        label=_("Wettelijke uitzondering (art. 17 lid 3 AVG)"),
        choices=list(ERASURE_EXCEPTIONS.items()),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DossierForm(forms.Form):
    dossier = forms.IntegerField(error_messages={"required": _("Kies een dossier.")})


class RectifyForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    leerlingnummer = forms.CharField(label=_("Leerlingnummer"), max_length=100, required=False)
    groep = forms.CharField(label=_("Groep"), max_length=50, required=False)
