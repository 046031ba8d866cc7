"""The beheerder's import page in the Wagtail admin: upload, preview, confirm.

The uploaded file waits in private storage between the preview and the
confirmation (``accounts.imports.waiting``). Nothing is written before the confirmation, and then
all rows or none (``accounts.imports.resources.run_import``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.imports import waiting
from accounts.imports.resources import ImportFileError, importers, preview_rows, run_import


def _kinds_for(user):
    return [
        (key, importer.label)
        for key, importer in importers.items()
        if all(user.has_perm(permission) for permission in importer.permissions)
    ]


def _require_any(request):
    kinds = _kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    return kinds


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Wat importeer je?"))
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV of Excel)"),
        help_text=gettext_lazy("Eerste regel: de kolomnamen. Hooguit 5 MB."),
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class ConfirmForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    upload = forms.RegexField(regex=waiting.UPLOAD_NAME, widget=forms.HiddenInput)


def _page(request, context, status=200):
    context["importers"] = [(importers[key], key) for key, _label in _kinds_for(request.user)]
    return TemplateResponse(request, "accounts/admin/import.html", context, status=status)


def import_view(request):
    kinds = _require_any(request)
    if request.method != "POST":
        return _page(request, {"form": ImportForm(kinds=kinds)})
    form = ImportForm(request.POST, request.FILES, kinds=kinds)
    if not form.is_valid():
        return _page(request, {"form": form}, status=400)
    key = form.cleaned_data["kind"]
    content = form.cleaned_data["file"].read()
    try:
        result = run_import(key, content, request.user, dry_run=True)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _page(request, {"form": form}, status=400)
    rows = preview_rows(result, key)
    has_errors = any(row["errors"] for row in rows)
    context = {
        "form": form,
        "preview": rows,
        "has_errors": has_errors,
        "kind_label": importers[key].label,
        "totals": result.totals,
    }
    if not has_errors:
        upload_id = waiting.keep(content)
        context["confirm_form"] = ConfirmForm(initial={"kind": key, "upload": upload_id})
    return _page(request, context, status=400 if has_errors else 200)


def confirm_view(request):
    kinds = dict(_require_any(request))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ConfirmForm(request.POST)
    if not form.is_valid() or form.cleaned_data["kind"] not in kinds:
        messages.error(request, _("Deze import is verlopen of onbekend. Begin opnieuw."))
        return redirect("accounts_import")
    key, upload_id = form.cleaned_data["kind"], form.cleaned_data["upload"]
    content = waiting.take(upload_id)
    if content is None:
        messages.error(request, _("Deze import is verlopen of al uitgevoerd. Begin opnieuw."))
        return redirect("accounts_import")
    try:
        result = run_import(key, content, request.user, dry_run=False)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("accounts_import")
    waiting.forget(upload_id)
    if not result.committed:
        # Something changed between preview and confirmation: nothing was kept.
        rows = preview_rows(result, key)
        context = {
            "form": ImportForm(kinds=list(kinds.items())),
            "preview": rows,
            "has_errors": True,
            "kind_label": importers[key].label,
            "totals": result.totals,
        }
        return _page(request, context, status=409)
    totals = result.totals
    messages.success(
        request,
        _("Import klaar: %(new)s nieuw, %(update)s bijgewerkt, %(skip)s ongewijzigd.")
        % {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]},
    )
    return redirect("accounts_import")
