"""The pupil register in Mijn loket: the school's list and its import.

Only a schoolgebruiker gets here, and only for their own school(s)
(``permissions.policy.pupils_visible_to``); anyone else gets the Dutch 403. The
import is shown first as a preview (nothing saved), then confirmed; the file
waits in private storage in between (``accounts.imports.waiting``).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.imports import waiting
from accounts.imports.tabular import ImportFileError
from accounts.models import Organisation
from loket.leerlingen import beheer_import, imports
from loket.names import name_key
from permissions import policy

PER_PAGE = 50


def _own_schools(request):
    schools = Organisation.objects.filter(
        pk__in=policy.own_school_ids(request.user), kind=Organisation.Kind.SCHOOL
    ).order_by("name")
    if not request.user.is_authenticated or not schools:
        raise PermissionDenied
    return schools


class ImportForm(forms.Form):
    school = forms.ModelChoiceField(label=gettext_lazy("School"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV, Excel of EDEXML)"),
        help_text=gettext_lazy("De export van alle huidige leerlingen; hooguit 5 MB."),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ConfirmForm(forms.Form):
    school = forms.IntegerField(widget=forms.HiddenInput)
    upload = forms.RegexField(regex=waiting.UPLOAD_NAME, widget=forms.HiddenInput)


@login_required
@require_http_methods(["GET"])
def register(request):
    schools = _own_schools(request)
    pupils = policy.pupils_visible_to(request.user).select_related("school")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        pupils = pupils.filter(naam_sleutel__contains=name_key(query))
    show_left = request.GET.get("vertrokken") == "1"
    pupils = pupils.filter(vertrokken_op__isnull=not show_left).order_by("naam", "pk")
    page = Paginator(pupils, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"page": page, "query": query, "show_left": show_left, "schools": schools}
    return TemplateResponse(request, "loket/leerlingen/index.html", context)


def _page(request, context, status=200):
    return TemplateResponse(request, "loket/leerlingen/importeren.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    schools = _own_schools(request)
    if request.method != "POST":
        return _page(request, {"form": ImportForm(schools=schools)})
    form = ImportForm(request.POST, request.FILES, schools=schools)
    if not form.is_valid():
        return _page(request, {"form": form}, status=400)
    school, content = form.cleaned_data["school"], form.cleaned_data["file"].read()
    try:
        result, rows, left = imports.run(school, content, dry_run=True)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _page(request, {"form": form}, status=400)
    has_errors = any(row["errors"] for row in rows)
    context = {
        "form": form,
        "school": school,
        "preview": rows,
        "left": left,
        "totals": result.totals,
        "has_errors": has_errors,
    }
    if not has_errors:
        context["confirm_form"] = ConfirmForm(
            initial={"school": school.pk, "upload": waiting.keep(content)}
        )
    return _page(request, context, status=400 if has_errors else 200)


@login_required
def confirm_view(request):
    schools = _own_schools(request)  # first: anyone else gets the 403, not a 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ConfirmForm(request.POST)
    school = form.is_valid() and schools.filter(pk=form.cleaned_data["school"]).first()
    content = waiting.take(form.cleaned_data["upload"]) if school else None
    if content is None:
        messages.error(request, _("Deze import is verlopen of al uitgevoerd. Begin opnieuw."))
        return redirect("loket:leerlingen_importeren")
    try:
        result, rows, left = imports.run(school, content, dry_run=False)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("loket:leerlingen_importeren")
    waiting.forget(form.cleaned_data["upload"])
    if not result.committed:
        context = {
            "form": ImportForm(schools=schools),
            "school": school,
            "preview": rows,
            "left": left,
            "totals": result.totals,
            "has_errors": True,
        }
        return _page(request, context, status=409)
    beheer_import.log_import(request.user, school, beheer_import.report(result, rows, left))
    totals = result.totals
    messages.success(
        request,
        _("Import klaar: %(new)s nieuw, %(update)s bijgewerkt, %(left)s vertrokken.")
        % {"new": totals["new"], "update": totals["update"], "left": len(left)},
    )
    return redirect("loket:leerlingen")
