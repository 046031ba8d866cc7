"""Forms of Mijn loket and of the SWV actions in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from forms.types import AanvraagType

from .models import Aanvraag, Besluit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class LoketFilterForm(forms.Form):
    """Filters and search on the Mijn loket list (GET)."""

    q = forms.CharField(
        label=_("Zoeken op kenmerk of naam leerling"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + Aanvraag.Status.choices
    )
    type = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle"))] + AanvraagType.choices
    )
    year = forms.IntegerField(label=_("Jaar"), required=False, min_value=2000, max_value=2100)


class AanvullingForm(forms.Form):
    text = forms.CharField(
        label=_("Je aanvulling"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )
    files = MultipleFileField(
        label=_("Bestanden"),
        help_text=_("PDF, Word, Excel, PNG of JPEG; maximaal 20 MB per bestand."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            raise forms.ValidationError(_("Schrijf een toelichting of voeg een bestand toe."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom trek je de aanvraag in?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


# --- SWV actions (admin) ----------------------------------------------------------


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Bericht aan de school"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class TerugkoppelingForm(forms.Form):
    text = forms.CharField(
        label=_("Terugkoppeling"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    files = MultipleFileField(label=_("Bestanden"))


class AssignForm(forms.Form):
    consulent = forms.ModelChoiceField(
        label=_("Consulent"),
        queryset=User.objects.filter(memberships__role=Role.CONSULENT, is_active=True).distinct(),
        required=False,
        empty_label=_("— geen —"),
    )


class BesluitForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=_("Besluit"), choices=Besluit.Uitkomst.choices, widget=forms.RadioSelect
    )
    motivering = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    tlv_categorie = forms.TypedChoiceField(
        label=_("TLV-categorie"),
        choices=[("", "—")] + Besluit.TlvCategorie.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    start_date = forms.DateField(
        label=_("Ingangsdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=_("Einddatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    amount = forms.DecimalField(
        label=_("Toegekend totaalbedrag (€)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Bij een TOP-arrangement boekt het SWV de helft hiervan op het budget."),
    )
