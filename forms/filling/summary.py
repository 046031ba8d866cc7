"""The summary step: every answer of the visible steps, as the user will submit it."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from forms import definition as d
from forms.fieldtypes import field_types
from forms.filling.widgets import display_number


def summary_rows(definition, collected):
    """Every answer per visible step, for the summary with its "wijzig" links."""
    result = []
    for key in collected.visible:
        step = definition.step(key)
        form = collected.forms.get(key)
        rows = []
        shown = set(form.field_def_names()) if form is not None else set()
        for f in step.value_fields():
            if f.name not in shown:
                continue
            rows.append(
                {"label": f.label, "value": display_value(f, collected.answers.get(f.name))}
            )
        result.append({"key": key, "title": step.title, "rows": rows})
    return result


def display_value(f, value):
    if value is None or value == "" or value == []:
        return "–"
    field_type = field_types.get(f.type)
    if field_type is not None and field_type.display is not None:
        return field_type.display(f, value)
    if f.type in (d.AMOUNT, d.CALCULATED, d.NUMBER):
        is_amount = f.type == d.AMOUNT or (f.type == d.CALCULATED and f.options.get("is_amount"))
        return display_number(value, is_amount)
    if f.type == d.DATE:
        return formats.date_format(datetime.date.fromisoformat(value), "j F Y")
    if f.type == d.YES_NO:
        return _("Ja") if value else _("Nee")
    if f.type == d.DECLARATION:
        return _("Aangevinkt") if value else _("Niet aangevinkt")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
