"""The Django form of one wizard step, built from a ``StepDef`` at request time.

Conditions on fields of earlier steps are decided when the form is built (a hidden
field is simply not in the form). Conditions on an earlier field of the same step
cannot change without JavaScript, so such a field is shown with a hint and only
validated and kept when its condition holds (``clean``). Calculated fields are
computed in ``clean`` and checked against the editor's maximum.
"""

import datetime
from decimal import Decimal

from django import forms as djforms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import definition as d
from .files import check_upload, sanitise_name

LEERLING_PARTS = ("naam", "geboortedatum", "groep")
GROEP_CHOICES = [("", "---------")] + [(str(n), f"Groep {n}") for n in range(1, 9)]
GROEP_CHOICES += [("anders", gettext_lazy("Anders (bijv. (V)SO)"))]
YES_NO_CHOICES = [("ja", gettext_lazy("Ja")), ("nee", gettext_lazy("Nee"))]


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
    """Files of one upload question: kept files of the draft plus new uploads."""

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
        new = value["new"]
        errors = []
        for upload in new:
            errors += check_upload(upload, self.allowed_types, self.max_size_mb)
        if len(kept) + len(new) > self.max_files:
            errors.append(
                _("Je kunt hier maximaal %(max)s bestand(en) toevoegen.") % {"max": self.max_files}
            )
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


def _decimal_field(f, required, label, help_text):
    places = int(f.options.get("decimal_places") or 0)
    if f.type == d.AMOUNT:
        places = 2
    kwargs = {"required": required, "label": label, "help_text": help_text}
    minimum = d.to_decimal(f.options.get("min_value"))
    if minimum is not None:
        kwargs["min_value"] = minimum
    field = djforms.DecimalField(
        decimal_places=places, max_digits=14, localize=True, widget=djforms.TextInput, **kwargs
    )
    field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
    return field


def build_fields(f, required, existing_files):
    """The Django form field(s) for one ``FieldDef`` as ``[(name, field)]``."""
    label, help_text = f.label, f.help_text
    if f.type == d.SHORT_TEXT:
        max_length = int(f.options.get("max_length") or 255)
        return [
            (
                f.name,
                djforms.CharField(
                    required=required, label=label, help_text=help_text, max_length=max_length
                ),
            )
        ]
    if f.type == d.LONG_TEXT:
        max_length = int(f.options.get("max_length") or 5000)
        return [
            (
                f.name,
                djforms.CharField(
                    required=required,
                    label=label,
                    help_text=help_text,
                    max_length=max_length,
                    widget=djforms.Textarea(attrs={"rows": 6}),
                ),
            )
        ]
    if f.type == d.EMAIL:
        return [(f.name, djforms.EmailField(required=required, label=label, help_text=help_text))]
    if f.type in (d.NUMBER, d.AMOUNT):
        return [(f.name, _decimal_field(f, required, label, help_text))]
    if f.type == d.DATE:
        return [
            (
                f.name,
                djforms.DateField(
                    required=required, label=label, help_text=help_text, widget=DateInput
                ),
            )
        ]
    if f.type == d.CHOICE:
        options = d.choice_options(f)
        radio = f.options.get("widget", "radio") == "radio"
        choices = [(o, o) for o in options]
        if not radio:
            choices = [("", "---------"), *choices]
        widget = djforms.RadioSelect if radio else djforms.Select
        return [
            (
                f.name,
                djforms.ChoiceField(
                    required=required,
                    label=label,
                    help_text=help_text,
                    choices=choices,
                    widget=widget,
                ),
            )
        ]
    if f.type == d.MULTIPLE_CHOICE:
        choices = [(o, o) for o in d.choice_options(f)]
        return [
            (
                f.name,
                djforms.MultipleChoiceField(
                    required=required,
                    label=label,
                    help_text=help_text,
                    choices=choices,
                    widget=djforms.CheckboxSelectMultiple,
                ),
            )
        ]
    if f.type == d.YES_NO:
        return [
            (
                f.name,
                djforms.ChoiceField(
                    required=required,
                    label=label,
                    help_text=help_text,
                    choices=YES_NO_CHOICES,
                    widget=djforms.RadioSelect,
                ),
            )
        ]
    if f.type == d.DECLARATION:
        return [(f.name, djforms.BooleanField(required=required, label=label, help_text=help_text))]
    if f.type == d.FILE:
        field = UploadField(
            required=required,
            label=label,
            help_text=help_text,
            allowed_types=f.options.get("allowed_types") or ["pdf"],
            max_size_mb=int(f.options.get("max_size_mb") or 10),
            max_files=int(f.options.get("max_files") or 1),
            existing=existing_files,
        )
        return [(f.name, field)]
    if f.type == d.LEERLING:
        return [
            (
                f"{f.name}__naam",
                djforms.CharField(
                    required=required, label=_("Naam van de leerling"), max_length=200
                ),
            ),
            (
                f"{f.name}__geboortedatum",
                djforms.DateField(required=required, label=_("Geboortedatum"), widget=DateInput),
            ),
            (
                f"{f.name}__groep",
                djforms.ChoiceField(required=required, label=_("Groep"), choices=GROEP_CHOICES),
            ),
        ]
    if f.type == d.CALCULATED:
        return [
            (
                f.name,
                CalculatedField(
                    label=label, help_text=help_text, is_amount=bool(f.options.get("is_amount"))
                ),
            )
        ]
    if f.type == d.INFO:
        return []
    raise ValueError(f"unknown field type {f.type}")


def to_json(f, value):
    """The JSON value stored for a field's cleaned value."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if f.type == d.AMOUNT:
            value = value.quantize(d.CENT)
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if f.type == d.YES_NO and not isinstance(value, bool):
        return value == "ja"
    return value


def describe(condition):
    """The compared value(s) of a condition, for hints ("Categorie 2 / Categorie 3")."""
    return " / ".join(condition.values())


def describe_rule(condition):
    if condition.operator == d.GREATER:
        return _("groter dan %(v)s") % {"v": describe(condition)}
    if condition.operator == d.LESS:
        return _("kleiner dan %(v)s") % {"v": describe(condition)}
    return describe(condition)


class SummaryForm(djforms.Form):
    """The last step: nothing to fill in, only "Indienen"."""

    def __init__(self, *args, **kwargs):
        for key in ("step_def", "definition", "answers_before", "files_by_field", "preview"):
            kwargs.pop(key, None)
        super().__init__(*args, **kwargs)

    def answers(self):
        return {}


class StepForm(djforms.Form):
    """One step of a loket form."""

    def __init__(
        self, *args, step_def, definition, answers_before, files_by_field, preview=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.step_def = step_def
        self.definition = definition
        self.answers_before = answers_before
        # (FieldDef, [form field names], shown-with-a-condition-hint) in display order.
        self.layout = []
        self.same_step_conditional = []
        same_step_names = set()
        labels = {}
        for f in step_def.fields:
            cond = f.condition
            conditional_here = cond is not None and cond.field in same_step_names
            hidden = cond is not None and not d.condition_met(cond, answers_before)
            if hidden and not conditional_here and not preview:
                continue  # hidden by an answer in an earlier step
            if f.has_value:
                same_step_names.add(f.name)
                labels[f.name] = f.label
            if f.type == d.INFO:
                self.layout.append((f, [], False))
                continue
            required = f.required and not conditional_here
            names = []
            for name, field in build_fields(f, required, files_by_field.get(f.name, [])):
                self.fields[name] = field
                names.append(name)
            if conditional_here:
                self.same_step_conditional.append(f)
            hint = ""
            if conditional_here:
                hint = _(
                    "Alleen invullen als dat volgt uit je antwoord bij ‘%(label)s’ (%(rule)s)."
                ) % {"label": labels.get(cond.field, cond.field), "rule": describe_rule(cond)}
            self.layout.append((f, names, hint))

    def field_def_names(self):
        return [f.name for f, names, _hint in self.layout if names]

    def clean(self):
        cleaned = super().clean()
        merged = dict(self.answers_before)
        for f, names, _hint in self.layout:
            if not names:
                continue
            if f in self.same_step_conditional and not d.condition_met(f.condition, merged):
                # Hidden: neither validated nor kept.
                for name in names:
                    self._errors.pop(name, None)
                    cleaned.pop(name, None)
                continue
            if f.type == d.LEERLING:
                parts = [cleaned.get(n) for n in names]
                if any(p not in (None, "") for p in parts) or f.required:
                    merged[f.name] = dict(zip(LEERLING_PARTS, parts, strict=True))
                if f in self.same_step_conditional and f.required:
                    for name, part in zip(names, parts, strict=True):
                        if part in (None, "") and name not in self._errors:
                            self.add_error(name, _("Dit veld is verplicht."))
                continue
            if f.type == d.CALCULATED:
                value = d.calculate(f, merged)
                cleaned[f.name] = value
                self.fields[f.name].widget.value = value
                error = d.maximum_error(f, value)
                if error:
                    self.add_error(f.name, error)
                merged[f.name] = value
                continue
            value = cleaned.get(f.name)
            if f in self.same_step_conditional and f.required and value in (None, "", [], False):
                if f.name not in self._errors:
                    self.add_error(f.name, _("Dit veld is verplicht."))
                continue
            if f.type == d.CHOICE and value:
                error = d.refusal_error(f, value)
                if error:
                    self.add_error(f.name, error)
            if f.type in (d.NUMBER, d.AMOUNT) and value is not None:
                error = d.maximum_error(f, value)
                if error:
                    self.add_error(f.name, error)
            if (
                f.type == d.DATE
                and value
                and f.name == self.definition.support_start_field
                and self.definition.support_start_min
                and value < self.definition.support_start_min
            ):
                self.add_error(
                    f.name,
                    _("De ondersteuning moet op of na %(date)s beginnen.")
                    % {"date": formats.date_format(self.definition.support_start_min, "j F Y")},
                )
            if f.type == d.FILE or value not in (None, "", []):
                merged[f.name] = value
            elif f.type == d.DECLARATION:
                merged[f.name] = False
        self._merged = merged
        return cleaned

    def answers(self):
        """This step's answers as JSON values (after ``is_valid()``)."""
        result = {}
        for f, names, _hint in self.layout:
            if not names or f.name not in self._merged:
                continue
            value = self._merged[f.name]
            if f.type == d.LEERLING:
                result[f.name] = {k: to_json(f, v) for k, v in value.items()}
            elif f.type == d.FILE:
                result[f.name] = [x.original_name for x in value["kept"]] + [
                    sanitise_name(x.name) for x in value["new"]
                ]
            else:
                result[f.name] = to_json(f, value)
        return result

    def raw_data(self):
        """The posted values of this step's fields only (what the draft keeps)."""
        data = {}
        for name, field in self.fields.items():
            if isinstance(field, UploadField | CalculatedField):
                continue
            key = self.add_prefix(name)
            if hasattr(self.data, "getlist"):
                values = self.data.getlist(key)
            else:
                values = self.data.get(key, [])
            if values:
                data[key] = values
        return data
