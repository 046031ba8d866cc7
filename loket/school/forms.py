"""Forms of Mijn loket: the list's filters, aanvulling, intrekken and inzage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.models import Aanvraag
from loket.types import AanvraagType
from loket.widgets import DateInput, MultipleFileField


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
