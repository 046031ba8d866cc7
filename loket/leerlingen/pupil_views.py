"""One pupil of the register: "Gegevens corrigeren" and "Samenvoegen".

Thin on purpose: the rules are in ``services`` (correction) and ``merge``. The
pupil is looked up in ``permissions.policy.pupils_visible_to``, so only a
schoolgebruiker of the pupil's school gets here; anyone else gets a 404, the same
as for a pupil that does not exist.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from loket.leerlingen import matching, merge, services
from permissions import policy


class CorrectForm(forms.Form):
    naam = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=200,
        error_messages={"required": gettext_lazy("Vul de naam van de leerling in.")},
    )
    geboortedatum = forms.DateField(
        label=gettext_lazy("Geboortedatum"),
        error_messages={
            "required": gettext_lazy("Vul de geboortedatum in."),
            "invalid": gettext_lazy("Vul een geldige datum in, zoals 31-12-2016."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    leerlingnummer = forms.CharField(
        label=gettext_lazy("Leerlingnummer"), max_length=30, required=False
    )
    groep = forms.CharField(label=gettext_lazy("Groep"), max_length=50, required=False)


class ChooseForm(forms.Form):
    met = forms.IntegerField(
        label=gettext_lazy("De andere leerling"),
        min_value=1,
        error_messages={"invalid": gettext_lazy("Kies een leerling uit de lijst.")},
    )


class ConfirmMergeForm(ChooseForm):
    met = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    bevestigd = forms.BooleanField(
        label=gettext_lazy("Ja, dit is hetzelfde kind: voeg de twee samen."),
        error_messages={"required": gettext_lazy("Vink aan dat het hetzelfde kind is.")},
    )


def _pupil(request, pk):
    visible = policy.pupils_visible_to(request.user).select_related("school")
    return get_object_or_404(visible, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def corrigeren(request, pk):
    pupil = _pupil(request, pk)
    initial = {field: getattr(pupil, field) for field in services.FIELDS}
    form = CorrectForm(request.POST or None, initial=initial)
    context = {"pupil": pupil, "form": form}
    if request.method != "POST":
        return TemplateResponse(request, "loket/leerlingen/corrigeren.html", context)
    status = 400
    if form.is_valid():
        try:
            changed = services.correct_pupil(pupil, request.user, **form.cleaned_data)
        except services.DuplicatePupil as error:
            form.add_error(None, error.messages)
            context["twin"] = error.other
            status = 409
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if changed:
                messages.success(request, _("De gegevens van de leerling zijn gecorrigeerd."))
            else:
                messages.info(request, _("Er was niets veranderd."))
            return redirect("loket:leerlingen")
    return TemplateResponse(request, "loket/leerlingen/corrigeren.html", context, status=status)


def _merge_page(request, context, status=200):
    return TemplateResponse(request, "loket/leerlingen/samenvoegen.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def samenvoegen(request, pk):
    """Step 1 (GET): choose the other pupil; step 2 (GET ``?met=``): both summaries
    and the confirmation; POST: merge the other pupil into this one."""
    pupil = _pupil(request, pk)
    context = {"pupil": pupil}
    data = request.POST if request.method == "POST" else request.GET
    if "met" not in data:
        others = policy.pupils_visible_to(request.user).filter(school_id=pupil.school_id)
        context["others"] = others.exclude(pk=pupil.pk).order_by("naam", "pk")
        context["suggestions"] = [
            p
            for p in matching.likely_duplicates(pupil.school, pupil.naam, pupil.geboortedatum)
            if p.pk != pupil.pk
        ]
        context["form"] = ChooseForm()
        return _merge_page(request, context)
    form = (ConfirmMergeForm if request.method == "POST" else ChooseForm)(data)
    if not form.is_valid() and "met" in form.errors:
        context.update(form=ChooseForm(data), others=[], suggestions=[])
        return _merge_page(request, context, status=400)
    other = _pupil(request, form.cleaned_data["met"])
    context.update(
        other=other,
        summaries=[(pupil, merge.summary(pupil)), (other, merge.summary(other))],
        confirm_form=form
        if request.method == "POST"
        else ConfirmMergeForm(initial={"met": other.pk}),
    )
    dossiers = list(other.dossiers.all()) + list(pupil.dossiers.all())
    context.update(merge.consequences(dossiers))
    try:
        merge.check_mergeable(pupil, other, dossiers)
        if request.method == "POST" and form.is_valid():
            merge.merge_pupils(pupil, other, request.user)
            messages.success(request, _("De leerlingen zijn samengevoegd."))
            return redirect("loket:leerlingen")
    except ValidationError as error:
        context["refusal"] = error.messages
        return _merge_page(request, context, status=400)
    return _merge_page(request, context, status=400 if request.method == "POST" else 200)
