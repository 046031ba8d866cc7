"""Showing answers as the school gave them."""

import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()

LEERLING_LABELS = {"naam": "Naam", "geboortedatum": "Geboortedatum", "groep": "Groep"}


def _date(value):
    try:
        return formats.date_format(datetime.date.fromisoformat(value), "j F Y")
    except (TypeError, ValueError):
        return value


@register.filter
def answer_display(value):
    """A readable text for a JSON answer (text, number, yes/no, list, pupil, date)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if isinstance(value, list):
        return ", ".join(answer_display(v) for v in value) or "—"
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            label = LEERLING_LABELS.get(key, key)
            shown = _date(item) if key == "geboortedatum" else answer_display(item)
            parts.append(f"{label}: {shown}")
        return "; ".join(parts)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        return _date(value)
    return str(value)


@register.filter
def euro(value):
    if value is None:
        return "—"
    return "€ " + formats.number_format(value, 2, use_l10n=True, force_grouping=True)
