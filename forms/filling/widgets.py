"""Widgets and Django fields of the wizard that Django does not have.

Uploads keep the files already stored with the draft next to new ones; a
calculated field is not an input but shows the value ``StepForm.clean`` computed.
"""

import datetime

from django import forms as djforms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from forms import definition as d
from forms.uploads.files import check_upload


class DateInput(djforms.DateInput):
    input_type = "date"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value


class UploadWidget(djforms.FileInput):
    """A multiple file input plus "verwijder" checkboxes for files already kept."""

    allow_multiple_selected = True
    template_name = "forms/widgets/upload.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.existing = []

    def value_from_datadict(self, data, files, name):
        new = files.getlist(name) if hasattr(files, "getlist") else []
        remove = data.getlist(f"{name}__verwijder") if hasattr(data, "getlist") else []
        return {"new": [f for f in new if f], "remove": set(remove)}

    def value_omitted_from_data(self, data, files, name):
        return False

    def use_required_attribute(self, initial):
        return not self.existing

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["existing"] = self.existing
        context["widget"]["remove_name"] = f"{name}__verwijder"
        return context


class UploadField(djforms.Field):
    """Files of one upload question: kept files of the draft plus new uploads.

    ``clean`` runs every new file through the upload pipeline (``forms.uploads.files``):
    ``new`` in the cleaned value holds ``Judged`` uploads, ready to store."""

    widget = UploadWidget

    def __init__(self, *, allowed_types, max_size_mb, max_files, existing=(), **kwargs):
        self.allowed_types = list(allowed_types or [])
        self.max_size_mb = max_size_mb
        self.max_files = max_files
        super().__init__(**kwargs)
        if max_files == 1:
            self.widget.attrs.pop("multiple", None)
        extensions = [f".{t}" for t in self.allowed_types]
        if "jpg" in self.allowed_types:
            extensions.append(".jpeg")
        self.widget.attrs["accept"] = ",".join(extensions)
        self.set_existing(existing)

    def set_existing(self, existing):
        self.existing = list(existing)
        self.widget.existing = self.existing

    def clean(self, value):
        value = value or {"new": [], "remove": set()}
        kept = [f for f in self.existing if str(f.pk) not in value["remove"]]
        errors = []
        max_files = min(self.max_files, settings.UPLOAD_MAX_FILES_PER_FIELD)
        if len(kept) + len(value["new"]) > max_files:
            # Counted before any file is read: a flood of files costs no parsing.
            raise djforms.ValidationError(
                _("Je kunt hier maximaal %(max)s bestand(en) toevoegen.") % {"max": max_files}
            )
        new = []
        for upload in value["new"]:
            judged, problems = check_upload(upload, self.allowed_types, self.max_size_mb)
            errors += problems
            if judged is not None:
                new.append(judged)
        if self.required and not kept and not new:
            errors.append(_("Voeg een bestand toe."))
        if errors:
            raise djforms.ValidationError(errors)
        removed = [f for f in self.existing if str(f.pk) in value["remove"]]
        return {"kept": kept, "new": new, "removed": removed}


class CalculatedWidget(djforms.Widget):
    template_name = "forms/widgets/calculated.html"

    def __init__(self, is_amount=True, attrs=None):
        super().__init__(attrs)
        self.is_amount = is_amount
        self.value = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["display"] = display_number(self.value, self.is_amount)
        return context


class CalculatedField(djforms.Field):
    """Not an input: shows the computed value; ``StepForm.clean`` fills and checks it."""

    def __init__(self, *, is_amount=True, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(widget=CalculatedWidget(is_amount=is_amount), **kwargs)

    def clean(self, value):
        return None


def display_number(value, is_amount=False):
    if value is None or value == "":
        return "–"
    value = d.to_decimal(value)
    if value is None:
        return "–"
    places = 2 if is_amount or value != value.to_integral_value() else 0
    text = formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"€ {text}" if is_amount else text
