"""Forms for transferring an archived dossier and accepting it (rules in ``transfer``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.widgets import DateInput


class OverdrachtForm(forms.Form):
    ontvanger = forms.CharField(
        label=_("Licentienaam of BRIN-code van de ontvanger"),
        max_length=200,
        help_text=_("De licentienaam van CLEO is TOMVONK."),
    )
    consent_date = forms.DateField(
        label=_("Datum toestemming ouders voor de overdracht"), widget=DateInput()
    )
    consent_how = forms.CharField(label=_("Hoe is die toestemming gegeven?"), max_length=300)


class AcceptForm(forms.Form):
    geboortedatum = forms.DateField(label=_("Geboortedatum van de leerling"), widget=DateInput())
    schooljaar = forms.RegexField(
        label=_("Schooljaar"),
        regex=r"^\d{4}-\d{4}$",
        max_length=9,
        help_text=_("Bijvoorbeeld 2026-2027."),
        error_messages={"invalid": _("Schrijf het schooljaar als 2026-2027.")},
    )
    groep = forms.CharField(label=_("Groep"), max_length=50)
    # Only asked on a near miss in the register ("Bedoel je …?"): a pupil's pk or "nieuw".
    # The template shows it as radio buttons then; checked in ``loket.dossiers.receiving``.
    leerling = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
