"""The dossier's ontwikkelplan in Mijn loket, and instemming on it.

Only the school of the dossier reaches these pages (``dossiers_grantable_by``);
everyone else gets 404. The rules are in ``loket.school.plan`` and ``loket.instemming.services``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from loket.errors import run_form_action
from loket.instemming.views import register_on, revoke_on, version_download
from loket.lookups import own_dossier
from loket.models import Ontwikkelplan
from loket.school import plan as service
from loket.widgets import DateInput


class PlanForm(forms.Form):
    doelen = forms.CharField(
        label=gettext_lazy("Doelen en aanpak"),
        max_length=service.MAX_DOELEN,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Wat wil de school met de leerling bereiken, en hoe?"),
    )
    evaluatiedatum = forms.DateField(
        label=gettext_lazy("Evaluatiedatum"), required=False, widget=DateInput()
    )


def _plan_url(dossier):
    return reverse("loket:plan", args=[dossier.pk])


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, pk):
    """View and edit the ontwikkelplan; the instemming on it is shown below."""
    dossier = own_dossier(request, pk)
    current = Ontwikkelplan.current_of(dossier).first()
    earlier = Ontwikkelplan.objects.filter(dossier=dossier, samengevoegd_op__isnull=False)
    initial = (
        {"doelen": current.doelen, "evaluatiedatum": current.evaluatiedatum} if current else {}
    )
    form = PlanForm(request.POST or None, initial=initial)
    outcome = run_form_action(
        request, form, lambda data: service.save_plan(dossier, request.user, **data)
    )
    if outcome.done:
        messages.success(request, _("Het ontwikkelplan is opgeslagen."))
        return redirect(_plan_url(dossier))
    return render(
        request,
        "loket/dossier/plan.html",
        {
            "dossier": dossier,
            "plan": current,
            "form": form,
            "earlier": earlier.order_by("-updated_at").prefetch_related("instemmingen"),
        },
        status=outcome.status,
    )


def _existing_plan(request, pk):
    dossier = own_dossier(request, pk)
    current = Ontwikkelplan.current_of(dossier).select_related("dossier").first()
    if current is None:
        raise Http404
    return current


@login_required
@require_http_methods(["GET", "POST"])
def plan_instemming(request, pk):
    current = _existing_plan(request, pk)
    return register_on(
        request,
        current,
        back_url=_plan_url(current.dossier),
        heading=_("Instemming op het ontwikkelplan"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_instemming_intrekken(request, pk, instemming_pk):
    current = _existing_plan(request, pk)
    return revoke_on(request, current, instemming_pk, back_url=_plan_url(current.dossier))


@login_required
@require_GET
def plan_instemming_versie(request, pk, instemming_pk):
    """The plan version an instemming was asked for (the school's own plan only)."""
    return version_download(request, _existing_plan(request, pk), instemming_pk)
