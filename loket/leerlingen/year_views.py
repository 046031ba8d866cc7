"""Mijn loket pages for the school year and for thuiszitters.

The schooljaarovergang page shows what the overgang would do (nothing saved) and
carries it out on POST; only a schoolgebruiker, for their own school. A period at
home is reported by the school or by the school's consulent
(``permissions.policy.pupils_reportable_by``); anyone else gets a 404 for the
pupil, as for every object in the loket.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from forms.filling.widgets import DateInput
from loket.errors import TransitionError, run_form_action
from loket.leerlingen import schooljaren, thuiszitten
from loket.leerlingen.views import _own_schools
from loket.models import Thuiszitter, school_year_label
from permissions import policy


class TransitionForm(forms.Form):
    school = forms.ModelChoiceField(label=gettext_lazy("School"), queryset=None, empty_label=None)
    schooljaar = forms.TypedChoiceField(label=gettext_lazy("Naar schooljaar"), coerce=int)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["schooljaar"].choices = schooljaren.year_choices()
        self.fields["schooljaar"].initial = schooljaren.school_year()


@login_required
@require_http_methods(["GET", "POST"])
def overgang(request):
    schools = _own_schools(request)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = TransitionForm(data, schools=schools)
    if data is None or not form.is_valid():
        status = 400 if data is not None else 200
        context = {"form": form}
        return TemplateResponse(request, "loket/leerlingen/overgang.html", context, status=status)
    school, year = form.cleaned_data["school"], form.cleaned_data["schooljaar"]
    if request.method == "POST":
        done = schooljaren.apply_transition(school, year)
        messages.success(
            request,
            _(
                "Schooljaarovergang naar %(year)s: %(moved)s leerlingen overgezet, "
                "%(left)s vertrokken."
            )
            % {
                "year": school_year_label(year),
                "moved": len(done.moves),
                "left": len(done.leavers),
            },
        )
        return redirect(f"{request.path}?school={school.pk}&schooljaar={year}")
    plan = schooljaren.plan_transition(school, year)
    context = {"form": form, "plan": plan, "school": school, "label": school_year_label(year)}
    return TemplateResponse(request, "loket/leerlingen/overgang.html", context)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Thuiszitter
        fields = ["vanaf", "tot", "reden"]
        widgets = {"vanaf": DateInput, "tot": DateInput}


class EndForm(forms.Form):
    tot = forms.DateField(label=gettext_lazy("Weer naar school op"), widget=DateInput)


def _pupil(request, pk):
    return get_object_or_404(
        policy.pupils_reportable_by(request.user).select_related("school"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def thuiszitten_view(request, pk):
    pupil = _pupil(request, pk)
    form = ReportForm(request.POST or None, initial={"vanaf": timezone.localdate()})

    def action(data):
        return thuiszitten.report(pupil, request.user, **data)

    outcome = run_form_action(request, form, action)
    if outcome.done:
        messages.success(request, _("De thuiszitperiode is gemeld."))
        return redirect("loket:thuiszitten", pk=pupil.pk)
    return _page(
        request, pupil, form, EndForm(initial={"tot": timezone.localdate()}), outcome.status
    )


def _page(request, pupil, form, end_form, status):
    context = {
        "pupil": pupil,
        "form": form,
        "end_form": end_form,
        "periods": pupil.thuiszitperiodes.order_by("-vanaf"),
    }
    return TemplateResponse(request, "loket/leerlingen/thuiszitten.html", context, status=status)


@login_required
def thuiszitten_einde(request, pk, periode_pk):
    pupil = _pupil(request, pk)  # first: someone else's pupil is a 404, not a 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    period = get_object_or_404(pupil.thuiszitperiodes, pk=periode_pk)
    end_form = EndForm(request.POST)
    status = 400
    if end_form.is_valid():
        try:
            thuiszitten.end(period, request.user, tot=end_form.cleaned_data["tot"])
        except TransitionError as error:
            end_form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("De thuiszitperiode is beëindigd."))
            return redirect("loket:thuiszitten", pk=pupil.pk)
    return _page(
        request, pupil, ReportForm(initial={"vanaf": timezone.localdate()}), end_form, status
    )
