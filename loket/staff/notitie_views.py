"""Internal notes and action items on the admin aanvraag page, and the dashboard
panel with the user's open action items (``loket.staff.notities`` holds the rules).

The actions run through the admin's one action view (``loket.staff.views.action``)
as ``notitie``, ``actiepunt`` and ``actiepunt-afronden``; nothing here is reachable
for the school or an externe.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.components import Component

from loket.errors import TransitionError
from loket.staff import actions, notities


class NotitieForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Interne notitie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=notities.MAX_NOTE,
        help_text=gettext_lazy("Alleen zichtbaar voor het SWV, niet voor de school."),
    )


class ActiepuntForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Wat moet er gebeuren?"), max_length=300)
    due_date = forms.DateField(
        label=gettext_lazy("Uiterlijk op"), widget=forms.DateInput(attrs={"type": "date"})
    )


ACTIONS = {"notitie", "actiepunt", "actiepunt-afronden"}


def run_action(name, request, aanvraag, forms_out):
    """Run one notes action; returns the Dutch success message, raises TransitionError."""
    if name == "notitie":
        form = forms_out["notitie"] = NotitieForm(request.POST, prefix="notitie")
        if not form.is_valid():
            raise TransitionError(_("Schrijf de notitie (hoogstens 5000 tekens)."), 400)
        notities.add_notitie(aanvraag, request.user, form.cleaned_data["text"])
        return _("De notitie is opgeslagen.")
    if name == "actiepunt":
        form = forms_out["actiepunt"] = ActiepuntForm(request.POST, prefix="actiepunt")
        if not form.is_valid():
            raise TransitionError(_("Vul de actie en een geldige datum in."), 400)
        notities.add_actiepunt(
            aanvraag, request.user, form.cleaned_data["text"], form.cleaned_data["due_date"]
        )
        return _("Het actiepunt is opgeslagen.")
    try:
        actiepunt_id = int(request.POST.get("actiepunt", ""))
    except ValueError:
        raise TransitionError(_("Dit actiepunt bestaat niet of is al afgerond."), 404) from None
    notities.complete_actiepunt(aanvraag, request.user, actiepunt_id)
    return _("Het actiepunt is afgerond.")


def context_for(request, aanvraag, forms_in):
    notes, actions = notities.for_aanvraag(aanvraag, request.user)
    return {
        "notities": notes,
        "actiepunten": actions,
        "notitie_form": forms_in.get("notitie") or NotitieForm(prefix="notitie"),
        "actiepunt_form": forms_in.get("actiepunt") or ActiepuntForm(prefix="actiepunt"),
        "today": timezone.localdate(),
    }


class OpenActiesPanel(Component):
    """The consulent's own open action items on the Wagtail dashboard: kenmerk, action,
    due date (overdue marked); each links to the aanvraag."""

    name = "loket_open_acties"
    order = 40
    template_name = "loket/admin/open_acties_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "actiepunten": notities.open_actiepunten(self.request.user),
            "today": timezone.localdate(),
        }


actions.register_group(ACTIONS, run_action)
