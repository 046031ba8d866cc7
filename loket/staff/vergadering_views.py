"""The commissie's vergaderingen in the Wagtail admin: the list (with a form to add
one), the agenda of one vergadering (with the notulen per agendapunt, for the
commissie only), and planning from the aanvraag page (through the admin's action
view as ``agenderen`` / ``uitstellen`` / ``van-agenda``).

SWV staff only; each agenda shows a user only the aanvragen they may see.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.ui.components import Component

from accounts.models import Role
from loket.errors import TransitionError
from loket.models import Agendapunt, Vergadering
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


class UitstellenForm(AgenderenForm):
    """Which agendapunt is postponed travels with the form: a second, simultaneous
    postponement of the same one is then refused instead of moving it twice."""

    punt = forms.IntegerField(widget=forms.HiddenInput)


class NotulenForm(forms.Form):
    notulen = forms.CharField(
        label=gettext_lazy("Notulen"),
        required=False,
        max_length=vergaderingen.NOTULEN_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Alleen zichtbaar voor de commissie."),
    )


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


def _agenda_response(request, vergadering, status=200, bad=None):
    """The agenda page; ``bad`` is a notulen form that was refused (shown again)."""
    sees_notulen = vergaderingen.sees_notulen(request.user)
    can_plan = _is_commissie(request.user)
    rows = []
    for punt, a in vergaderingen.agenda(request.user, vergadering):
        current = punt.status == Agendapunt.Status.GEAGENDEERD
        rows.append(
            {
                "punt": punt,
                "aanvraag": a,
                "actie": werkvoorraad.actie_label(a),
                "submitted": dutch_date(a.submitted_at),
                "besluit": getattr(a, "besluit", None),
                "uitgesteld_van": getattr(punt, "moved_from", None),
                "notulen_form": (
                    bad[1]
                    if bad and bad[0] == punt.pk
                    else NotulenForm(initial={"notulen": punt.notulen}, prefix=f"n{punt.pk}")
                )
                if sees_notulen
                else None,
                "can_postpone": can_plan and current and a.status in vergaderingen.READY,
            }
        )
    later = [v for v in vergaderingen.upcoming() if v.date >= vergadering.date and v != vergadering]
    return TemplateResponse(
        request,
        "loket/admin/vergadering.html",
        {
            "vergadering": vergadering,
            "rows": rows,
            "show_pupil": policy.sees_pupil_names(request.user),
            "sees_notulen": sees_notulen,
            "later": later,
        },
        status=status,
    )


@require_GET
def agenda(request, pk):
    require_staff(request)
    vergadering = get_object_or_404(Vergadering.objects.all(), pk=pk)
    return _agenda_response(request, vergadering)


@require_http_methods(["GET", "POST"])
def notulen(request, pk, punt_pk):
    """Save the notulen of one agendapunt (commissie only); a refusal is a 4xx page.
    Access is checked before the method, as on every admin URL: a GET (a bookmarked or
    reloaded address) goes back to the agenda, where the notulen are written."""
    require_staff(request)
    vergadering = get_object_or_404(Vergadering.objects.all(), pk=pk)
    punt = get_object_or_404(Agendapunt.objects.filter(vergadering=vergadering), pk=punt_pk)
    if request.method != "POST":
        return redirect(reverse("loket_admin:vergadering", args=[pk]))
    form = NotulenForm(request.POST, prefix=f"n{punt.pk}")
    try:
        if not form.is_valid():
            raise TransitionError(form.errors["notulen"][0], 400)
        vergaderingen.save_notulen(punt, request.user, form.cleaned_data["notulen"])
    except TransitionError as error:
        if error.status in (403, 404):  # not theirs: say nothing about the agendapunt
            raise PermissionDenied from None
        messages.error(request, error.message)
        return _agenda_response(request, vergadering, error.status, (punt.pk, form))
    messages.success(request, _("De notulen zijn opgeslagen."))
    return redirect(reverse("loket_admin:vergadering", args=[pk]) + f"#punt-{punt.pk}")


ACTIONS = {"agenderen", "uitstellen", "van-agenda"}


def run_action(name, request, aanvraag, forms_out):
    if name == "van-agenda":
        vergaderingen.unplan(aanvraag, request.user)
        return _("De aanvraag staat niet meer op de agenda.")
    if name == "uitstellen":
        form = forms_out["uitstellen"] = UitstellenForm(request.POST, prefix="uitstel")
        if not form.is_valid():
            raise TransitionError(_("Kies een latere vergadering die nog moet komen."), 400)
        punt = Agendapunt.objects.filter(aanvraag=aanvraag, pk=form.cleaned_data["punt"]).first()
        if punt is None:
            raise TransitionError(_("Dit agendapunt bestaat niet."), 404)
        vergadering = vergaderingen.postpone(punt, request.user, form.cleaned_data["vergadering"])
        return _("De aanvraag is uitgesteld naar %(v)s.") % {"v": vergadering}
    form = forms_out["agenderen"] = AgenderenForm(request.POST, prefix="agenda")
    if not form.is_valid():
        raise TransitionError(_("Kies een vergadering die nog moet komen."), 400)
    vergadering = vergaderingen.plan(aanvraag, request.user, form.cleaned_data["vergadering"])
    return _("De aanvraag staat op de agenda van %(v)s.") % {"v": vergadering}


def context_for(request, aanvraag, forms_in):
    """The agenda part of the admin aanvraag page: where it is planned and where it
    was (uitgesteld naar …); the commissie plans and postpones, others read."""
    history = vergaderingen.history(aanvraag)
    punt = next((p for p in history if p.status == Agendapunt.Status.GEAGENDEERD), None)
    can_plan = _is_commissie(request.user) and aanvraag.status in vergaderingen.READY
    agenda_form = uitstel_form = None
    if can_plan and punt is None:
        agenda_form = forms_in.get("agenderen") or AgenderenForm(prefix="agenda")
    if can_plan and punt is not None:
        uitstel_form = forms_in.get("uitstellen") or UitstellenForm(
            prefix="uitstel", initial={"punt": punt.pk}
        )
    return {
        "agendapunt": punt,
        "agenda_history": [p for p in history if p is not punt],
        "can_plan": can_plan,
        "agenda_form": agenda_form,
        "uitstel_form": uitstel_form,
        "sees_notulen": vergaderingen.sees_notulen(request.user),
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
