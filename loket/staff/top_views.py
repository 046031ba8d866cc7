"""The TOP ledger on the admin aanvraag page: its lines and the commissie's release.

``POST /admin/loket/<pk>/actie/top-vrijgeven/`` releases (part of) what the
aanvraag has booked in one calendar year, with a reason from the short list and an
explanation (``loket.lifecycle.ledger.release``: a negative line, never more than is
booked). The commissie takes the decisions on money, so only the commissie gets the
tab; the service refuses anyone else too. A consulent of the school reads the lines.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from loket.errors import TransitionError
from loket.lifecycle import ledger
from loket.models import TopLedgerEntry
from loket.staff import actions
from loket.types import AanvraagType
from permissions import policy

ACTION = "top-vrijgeven"


class VrijgaveForm(forms.Form):
    jaar = forms.TypedChoiceField(label=gettext_lazy("Kalenderjaar"), coerce=int)
    bedrag = forms.DecimalField(
        label=gettext_lazy("Vrij te geven bedrag (€)"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text=gettext_lazy("Hoogstens wat er voor deze aanvraag in dat jaar geboekt is."),
    )
    reden = forms.ChoiceField(
        label=gettext_lazy("Reden"),
        # A re-split over the calendar years is the command's, not a reason by hand.
        choices=[
            choice
            for choice in TopLedgerEntry.Reden.choices
            if choice[0] != TopLedgerEntry.Reden.HERVERDELING
        ],
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(
        label=gettext_lazy("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "Voor het SWV; komt niet in het logboek. Geen namen van leerlingen."
        ),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]


def _booked_years(net):
    return sorted(year for year, amount in net.items() if amount > 0)


def run_action(request, aanvraag, forms_out):
    net = ledger.net_by_year(aanvraag)
    form = forms_out[ACTION] = VrijgaveForm(
        request.POST, prefix="vrijgave", years=_booked_years(net)
    )
    if not form.is_valid():
        raise TransitionError(
            _("Controleer het jaar, het bedrag, de reden en de toelichting."), 400
        )
    data = form.cleaned_data
    ledger.release(
        aanvraag,
        request.user,
        year=data["jaar"],
        amount=data["bedrag"],
        reden=data["reden"],
        toelichting=data["toelichting"],
    )
    return _("€ %(amount)s van %(year)s is vrijgegeven.") % {
        "amount": data["bedrag"],
        "year": data["jaar"],
    }


def context_for(request, aanvraag, forms_in):
    """The ledger part of the admin page: lines, booked per year, the release tab."""
    if aanvraag.type != AanvraagType.TOP_ARRANGEMENT:
        return {"top_lines": [], "top_per_year": [], "top_tabs": []}
    lines = list(ledger.lines_of(aanvraag))
    net = {}
    for line in lines:
        net[line.budget.year] = net.get(line.budget.year, 0) + line.amount
    years = _booked_years(net)
    tabs = []
    is_commissie = request.user.is_superuser or policy.has_role(request.user, Role.COMMISSIE)
    if is_commissie and years:
        tabs.append((ACTION, _("TOP-budget vrijgeven")))
    return {
        "top_lines": lines,
        "top_per_year": sorted(net.items()),
        "top_tabs": tabs,
        "vrijgave_form": forms_in.get(ACTION)
        or VrijgaveForm(
            prefix="vrijgave", years=years, initial={"jaar": years[0] if years else None}
        ),
    }


actions.action(ACTION)(run_action)
