"""The Django form of one wizard step, built from a ``StepDef`` at request time.

Conditions on fields of earlier steps are decided when the form is built (a hidden
field is simply not in the form). Conditions on an earlier field of the same step
cannot change without JavaScript, so such a field is shown with a hint and only
validated and kept when its condition holds (``clean``). Calculated fields are
computed in ``clean`` and checked against the editor's maximum.
"""

import datetime
import json
from decimal import Decimal

from django import forms as djforms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from forms import definition as d
from forms.fieldtypes import build_fields, field_types
from forms.filling.widgets import CalculatedField, UploadField, display_number

__all__ = ["StepForm", "SummaryForm", "UploadField", "build_fields", "display_number"]


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
        for key in (
            "step_def",
            "definition",
            "answers_before",
            "files_by_field",
            "preview",
            "context",
        ):
            kwargs.pop(key, None)
        super().__init__(*args, **kwargs)

    def answers(self):
        return {}


class StepForm(djforms.Form):
    """One step of a loket form."""

    def __init__(
        self,
        *args,
        step_def,
        definition,
        answers_before,
        files_by_field,
        preview=False,
        context=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.context = context
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
            existing = files_by_field.get(f.name, [])
            for name, field in build_fields(f, required, existing, context=context):
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
            if f.type == d.CALCULATED and names:
                self._live_calculation(f, names[0], same_step_names)

    def _live_calculation(self, f, name, same_step_names):
        """What ``static/js/berekening.js`` needs to update the value as the user types:
        the operation, the inputs of this step and the known answers of earlier steps."""
        operands = d.operand_names(f)
        known = {
            o: str(self.answers_before[o])
            for o in operands
            if o not in same_step_names and self.answers_before.get(o) is not None
        }
        self.fields[name].widget.attrs.update(
            {
                "aria-live": "polite",
                "data-calc-name": f.name,
                "data-calc-prefix": f"{self.prefix}-" if self.prefix else "",
                "data-calc-operation": f.options.get("operation") or "",
                "data-calc-operands": ",".join(operands),
                "data-calc-percentage": str(f.options.get("percentage") or ""),
                "data-calc-known": json.dumps(known),
                "data-calc-amount": "1" if f.options.get("is_amount") else "",
            }
        )

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
            compound = field_types[f.type].parts
            if compound:
                parts = [cleaned.get(n) for n in names]
                if any(p not in (None, "") for p in parts) or f.required:
                    merged[f.name] = dict(zip(compound, parts, strict=True))
                    self._clean_compound(f, names, merged)
                if f in self.same_step_conditional and f.required:
                    for name, part in zip(names, parts, strict=True):
                        if part in (None, "") and name not in self._errors:
                            self.add_error(name, _("Dit veld is verplicht."))
                continue
            if f.type == d.CALCULATED:
                value = d.calculate(f, merged)
                cleaned[f.name] = value
                self.fields[f.name].widget.value = value
                error = d.negative_error(f, value) or d.maximum_error(f, value)
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

    def _clean_compound(self, f, names, merged):
        """The field type's own check of the whole answer (``FieldType.clean``)."""
        field_type = field_types[f.type]
        if field_type.clean is None or any(name in self._errors for name in names):
            return
        try:
            merged[f.name] = field_type.clean(f, merged[f.name], self.context)
        except ValidationError as error:
            by_part = dict(zip(field_type.parts, names, strict=True))
            for part, messages in error.message_dict.items():
                self.add_error(by_part.get(part), messages)

    def answers(self):
        """This step's answers as JSON values (after ``is_valid()``)."""
        result = {}
        for f, names, _hint in self.layout:
            if not names or f.name not in self._merged:
                continue
            value = self._merged[f.name]
            if field_types[f.type].parts:
                result[f.name] = {k: to_json(f, v) for k, v in value.items()}
            elif f.type == d.FILE:
                result[f.name] = [x.original_name for x in value["kept"]] + [
                    x.name for x in value["new"]
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
