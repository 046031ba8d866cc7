"""Forms of the SWV's actions on an aanvraag in the admin (the rules live in the services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from loket.models import Besluit
from loket.widgets import MultipleFileField


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
        help_text=_(
            "Bij een TOP-arrangement boekt het SWV de helft hiervan op de budgetten van de "
            "kalenderjaren waarin het loopt."
        ),
    )
    evaluatie_1 = forms.DateField(
        label=_("Evaluatiemoment 1 (optioneel)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Leeg: de evaluatiedatum uit het formulier, anders halverwege en op de einddatum."
        ),
    )
    evaluatie_2 = forms.DateField(
        label=_("Evaluatiemoment 2 (optioneel)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    override = forms.BooleanField(
        label=_("Afwijken van een maximum"),
        required=False,
        help_text=_(
            "Alleen nodig als het uurtarief, het bedrag van een TOP-arrangement of het "
            "aantal TOP-arrangementen van de school boven het maximum komt."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reden om af te wijken"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    zonder_ondertekening = forms.BooleanField(
        label=_("Besluiten zonder alle handtekeningen"),
        required=False,
        help_text=_(
            "Alleen als een mede-ondertekenaar (zoals orthopedagoog of bestuur) nog niet "
            "heeft ondertekend; de reden staat op het besluit en in het logboek staat wie "
            "ontbrak."
        ),
    )
    zonder_ondertekening_reden = forms.CharField(
        label=_("Reden om zonder alle handtekeningen te besluiten"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        # One argument for the service: the dates the commissie gave (maybe none).
        data["evaluatiedata"] = [
            day for day in (data.pop("evaluatie_1", None), data.pop("evaluatie_2", None)) if day
        ]
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Schrijf waarom je afwijkt van het maximum."))
        if (
            data.get("zonder_ondertekening")
            and not (data.get("zonder_ondertekening_reden") or "").strip()
        ):
            self.add_error(
                "zonder_ondertekening_reden",
                _("Schrijf waarom je besluit zonder alle handtekeningen."),
            )
        return data


class EvaluatieVerplaatsenForm(forms.Form):
    """One planned evaluation moment to another date (the rules:
    ``loket.lifecycle.evaluatie_verplaatsen``)."""

    moment = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    datum = forms.DateField(label=_("Nieuwe datum"), widget=forms.DateInput(attrs={"type": "date"}))
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Voor het SWV; komt niet in het logboek. Geen namen van leerlingen."),
    )
