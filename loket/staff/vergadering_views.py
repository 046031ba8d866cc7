"""The commissie's vergaderingen in the Wagtail admin: the list (with a form to add
one), the agenda of one vergadering, and planning from the aanvraag page
(through the admin's action view as ``agenderen`` / ``van-agenda``).

SWV staff only; each agenda shows a user only the aanvragen they may see.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.ui.components import Component

from accounts.models import Role
from loket.errors import TransitionError
from loket.models import Vergadering
from loket.staff import actions, vergaderingen, werkvoorraad
from loket.staff.inbox import dutch_date, require_staff
from permissions import policy


class VergaderingForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(
        label=gettext_lazy("Omschrijving"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Bijvoorbeeld: CvT PO, ochtend."),
    )


class AgenderenForm(forms.Form):
    vergadering = forms.ModelChoiceField(
        label=gettext_lazy("Vergadering"), queryset=Vergadering.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vergadering"].queryset = vergaderingen.upcoming()


def _is_commissie(user):
    return user.is_superuser or policy.has_role(user, Role.COMMISSIE)


@require_http_methods(["GET", "POST"])
def index(request):
    require_staff(request)
    form = VergaderingForm(request.POST or None)
    can_plan = _is_commissie(request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                vergadering = vergaderingen.create_vergadering(
                    request.user, form.cleaned_data["date"], form.cleaned_data["title"]
                )
            except TransitionError as error:
                messages.error(request, error.message)
                status = error.status
            else:
                messages.success(request, _("De vergadering is toegevoegd."))
                return redirect("loket_admin:vergadering", pk=vergadering.pk)
    return TemplateResponse(
        request,
        "loket/admin/vergaderingen.html",
        {
            "vergaderingen": vergaderingen.vergaderingen_for(request.user),
            "form": form,
            "can_plan": can_plan,
            "ready": vergaderingen.ready_unplanned(request.user) if can_plan else [],
            "upcoming": list(vergaderingen.upcoming()) if can_plan else [],
            "show_pupil": policy.sees_pupil_names(request.user),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
def agenda(request, pk):
    require_staff(request)
    vergadering = get_object_or_404(Vergadering.objects.all(), pk=pk)
    rows = [
        {
            "aanvraag": a,
            "actie": werkvoorraad.actie_label(a),
            "submitted": dutch_date(a.submitted_at),
            "besluit": getattr(a, "besluit", None),
        }
        for a in vergaderingen.agenda(request.user, vergadering)
    ]
    return TemplateResponse(
        request,
        "loket/admin/vergadering.html",
        {
            "vergadering": vergadering,
            "rows": rows,
            "show_pupil": policy.sees_pupil_names(request.user),
        },
    )


ACTIONS = {"agenderen", "van-agenda"}


def run_action(name, request, aanvraag, forms_out):
    if name == "van-agenda":
        vergaderingen.unplan(aanvraag, request.user)
        return _("De aanvraag staat niet meer op de agenda.")
    form = forms_out["agenderen"] = AgenderenForm(request.POST, prefix="agenda")
    if not form.is_valid():
        raise TransitionError(_("Kies een vergadering die nog moet komen."), 400)
    vergadering = vergaderingen.plan(aanvraag, request.user, form.cleaned_data["vergadering"])
    return _("De aanvraag staat op de agenda van %(v)s.") % {"v": vergadering}


def context_for(request, aanvraag, forms_in):
    """The agenda part of the admin aanvraag page (commissie plans; others read)."""
    from loket.models import Agendapunt

    punt = Agendapunt.objects.filter(aanvraag=aanvraag).select_related("vergadering").first()
    can_plan = _is_commissie(request.user) and aanvraag.status in vergaderingen.READY
    return {
        "agendapunt": punt,
        "can_plan": can_plan,
        "agenda_form": (forms_in.get("agenderen") or AgenderenForm(prefix="agenda"))
        if can_plan
        else None,
    }


class VergaderingenPanel(Component):
    """The next vergaderingen on the dashboard, with how many aanvragen each has to
    decide (of those the user may see); one query."""

    name = "loket_vergaderingen"
    order = 45
    template_name = "loket/admin/vergaderingen_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        items = vergaderingen.vergaderingen_for(self.request.user).filter(
            date__gte=timezone.localdate()
        )[:3]
        return {"vergaderingen": list(items)}


actions.register_group(ACTIONS, run_action)
