"""Showing answers as the school gave them."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from forms.fieldtypes import field_types

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


@register.filter
def euro_nowrap(value):
    """``euro`` that never breaks between sign and digits (narrow table columns)."""
    return euro(value).replace(" ", "\u00a0")


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _number(value, is_amount):
    number = _decimal(value)
    if number is None:
        return str(value)
    # Amounts in cents; other numbers with as many decimals as the answer has (120, 12,5).
    places = 2 if is_amount else max(0, -number.normalize().as_tuple().exponent)
    text = formats.number_format(number, places, use_l10n=True, force_grouping=True)
    return f"€ {text}" if is_amount else text


def _leerling(value):
    groep = str(value.get("groep") or "")
    if groep.isdigit():
        groep = _("groep %(groep)s") % {"groep": groep}
    parts = [value.get("naam"), _date(value.get("geboortedatum")) or "", groep]
    return ", ".join(str(p) for p in parts if p)


@register.filter
def answer_value(value, field):
    """An answer as the form engine's field type says it should read.

    ``field`` is the entry of the labels snapshot (``type``, for calculations
    ``is_amount``); answers without one fall back to ``answer_display``.
    """
    kind = (field or {}).get("type")
    if value is None or value == "" or value == []:
        return "—"
    if kind == "leerling" and isinstance(value, dict):
        return _leerling(value)
    compound = field_types.get(kind) if isinstance(value, dict) else None
    if compound is not None and compound.parts and compound.display is not None:
        return compound.display(field, value)  # e.g. the hoorrecht
    if kind == "amount":
        return _number(value, True)
    if kind == "calculated":
        return _number(value, field.get("is_amount", True))
    if kind == "number":
        return _number(value, False)
    if kind == "date":
        return _date(value)
    if kind == "yes_no":
        return _("Ja") if value else _("Nee")
    if kind == "declaration":
        return _("Aangevinkt") if value else _("Niet aangevinkt")
    return answer_display(value)
