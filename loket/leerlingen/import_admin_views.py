"""The beheerder's import of a school's pupil list, in the Wagtail admin.

Counts only (``loket.leerlingen.beheer_import``): the beheerder picks the school and
uploads its CSV, Excel or EDEXML export, sees how many pupils are new, updated and
left and, per refused row, its number and the reason, then confirms. The file waits
in private storage in between (``accounts.imports.waiting``), as for the school. The
school's named list stays the school's: this page links nowhere into it.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from accounts.imports import waiting
from accounts.imports.tabular import ImportFileError
from accounts.models import Organisation
from loket.leerlingen import beheer_import
from loket.leerlingen.admin_views import BeheerderMenuItem, beheerder_only

TEMPLATE = "loket/admin/leerlingen_import.html"


def _schools():
    return Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, is_active=True)


class BeheerImportForm(forms.Form):
    school = forms.ModelChoiceField(
        label=gettext_lazy("School"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Kies een school uit de lijst.")},
    )
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV, Excel of EDEXML)"),
        help_text=gettext_lazy(
            "De export van alle huidige leerlingen van de school; hooguit 5 MB."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _schools().order_by("name")


class BeheerConfirmForm(forms.Form):
    school = forms.ModelChoiceField(queryset=Organisation.objects.none(), widget=forms.HiddenInput)
    upload = forms.RegexField(regex=waiting.UPLOAD_NAME, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _schools()


def _page(request, context, status=200):
    return TemplateResponse(request, TEMPLATE, context, status=status)


@beheerder_only
def index(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET":
        return _page(request, {"form": BeheerImportForm()})
    form = BeheerImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, {"form": form}, status=400)
    school, content = form.cleaned_data["school"], form.cleaned_data["file"].read()
    try:
        report = beheer_import.run(school, content, request.user, dry_run=True)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _page(request, {"form": form}, status=400)
    context = {"form": form, "school": school, "report": report}
    if not report.has_errors:
        context["confirm_form"] = BeheerConfirmForm(
            initial={"school": school.pk, "upload": waiting.keep(content)}
        )
    return _page(request, context, status=400 if report.has_errors else 200)


@beheerder_only
def confirm(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = BeheerConfirmForm(request.POST)
    content = waiting.take(form.cleaned_data["upload"]) if form.is_valid() else None
    if content is None:
        messages.error(request, _("Deze import is verlopen of al uitgevoerd. Begin opnieuw."))
        return redirect("leerlingenimport:index")
    school = form.cleaned_data["school"]
    try:
        report = beheer_import.run(school, content, request.user, dry_run=False)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("leerlingenimport:index")
    waiting.forget(form.cleaned_data["upload"])
    if not report.committed:
        context = {"form": BeheerImportForm(), "school": school, "report": report}
        return _page(request, context, status=409)
    messages.success(
        request,
        _(
            "Import voor %(school)s klaar: %(new)s nieuw, %(update)s bijgewerkt, "
            "%(left)s vertrokken."
        )
        % {"school": school.name, "new": report.new, "update": report.updated, "left": report.left},
    )
    return redirect("leerlingenimport:index")


class LeerlingenImportViewSet(ViewSet):
    name = "leerlingenimport"
    url_prefix = "leerlingen-importeren"
    icon = "upload"
    menu_label = gettext_lazy("Leerlingen importeren")
    menu_order = 911
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return BeheerderMenuItem

    def get_urlpatterns(self):
        return [
            path("", index, name="index"),
            path("bevestigen/", confirm, name="bevestigen"),
        ]
