"""Forms of Mijn loket and of the SWV actions in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from loket.types import AanvraagType

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
    override = forms.BooleanField(
        label=_("Afwijken van een maximum"),
        required=False,
        help_text=_(
            "Alleen nodig als het uurtarief of het aantal TOP-arrangementen van de school "
            "boven het maximum komt."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reden om af te wijken"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Schrijf waarom je afwijkt van het maximum."))
        return data


# --- Inzage (the school grants an externe read access to one dossier) ----------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InzageGrantForm(forms.Form):
    """Give inzage: a person or a whole external organisation, a reason, a legal
    basis and a period. The rules themselves live in ``permissions.grants``."""

    grantee = forms.ChoiceField(
        label=_("Aan wie"),
        help_text=_(
            "Een externe organisatie die het SWV kent (alle externen daarvan), of één persoon."
        ),
    )
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Waarvoor heeft de externe inzage nodig?"),
    )
    legal_basis = forms.ChoiceField(label=_("Grondslag"), widget=forms.RadioSelect, choices=[])
    consent_date = forms.DateField(label=_("Datum van de toestemming"), widget=DateInput())
    consent_how = forms.CharField(
        label=_("Hoe is de toestemming gegeven?"),
        max_length=300,
        help_text=_("Bijvoorbeeld: schriftelijk, het formulier zit in het leerlingdossier."),
    )
    starts_on = forms.DateField(label=_("Vanaf"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Tot en met"),
        widget=DateInput(),
        help_text=_(
            "Standaard het einde van dit schooljaar (31 juli); hoogstens een jaar vooruit."
        ),
    )

    def __init__(self, *args, **kwargs):
        from permissions import grants
        from permissions.models import InzageGrant

        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].choices = InzageGrant.LegalBasis.choices
        self._organisations = {o.pk: o for o in grants.external_organisations()}
        self._people = {}
        grouped = {}
        for membership in grants.external_people():
            self._people[membership.user_id] = membership.user
            grouped.setdefault(membership.organisation_id, []).append(membership.user)
        choices = [("", _("Kies een organisatie of persoon"))]
        for org in self._organisations.values():
            options = [(f"org:{org.pk}", _("Heel %(name)s") % {"name": org.name})]
            options += [
                (f"user:{user.pk}", f"{user.get_full_name() or user.email} ({org.name})")
                for user in grouped.get(org.pk, [])
            ]
            choices.append((org.name, options))
        self.fields["grantee"].choices = choices

    def clean_grantee(self):
        kind, _sep, pk = self.cleaned_data["grantee"].partition(":")
        try:
            pk = int(pk)
        except ValueError:
            pk = None
        if kind == "org" and pk in self._organisations:
            return {"organisation": self._organisations[pk], "user": None}
        if kind == "user" and pk in self._people:
            return {"organisation": None, "user": self._people[pk]}
        raise forms.ValidationError(_("Kies een organisatie of persoon uit de lijst."))
