"""Hoorrecht: the school records that the pupil and the parents were heard (issue 26).

Seed ``nieuwsbrieven-top-dossier.txt``, on what the loketmodule does: “Het hoorrecht
van de leerling en ouder(s)/verzorger(s) is verwerkt in het systeem.” For a TLV the
school writes down when and how they were heard and, if they wish, their view in
their own words.

It is a field type of the form engine (``hoorrecht``: datum, wijze, zienswijze), so a
formulierbeheerder puts it in any form without code and it travels with the
submission: in the frozen version that parents consent to and parties co-sign, in the
ontvangstbevestiging. The field role ``hoorrecht`` tells the loket which answer it is
(``of``), for the aanvraag page of school and SWV, the logboek line at intake (date
and way only: the view is free text and the logboek holds none) and the besluit PDF.
Registered in ``loket.lifecycle.form_setup``; the demo TLV form requires it.
"""

import datetime
from dataclasses import dataclass

from django import forms as djforms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.blocks import BaseFieldBlock
from forms.fieldroles import FieldRole, answer_for_role
from forms.fieldtypes import FieldType
from forms.filling.widgets import DateInput
from loket import logboek
from loket.models import LogEntry
from loket.types import AanvraagType

HOORRECHT = "hoorrecht"
PARTS = ("datum", "wijze", "zienswijze")
ZIENSWIJZE_MAX = 3000
WIJZEN = {
    "gesprek": gettext_lazy("In een gesprek"),
    "videogesprek": gettext_lazy("In een videogesprek"),
    "telefonisch": gettext_lazy("Telefonisch"),
    "schriftelijk": gettext_lazy("Schriftelijk"),
}
# The aanvragen whose page says so when nobody recorded the hoorrecht.
EXPECTED_FOR = (AanvraagType.TLV, AanvraagType.TLV_VERLENGING)

NO_DATE = gettext_lazy("Vul de datum in waarop leerling en ouders zijn gehoord.")
NO_WAY = gettext_lazy("Kies hoe leerling en ouders zijn gehoord.")


class HoorrechtBlock(BaseFieldBlock):
    class Meta:
        label = gettext_lazy("Hoorrecht leerling en ouders (datum, wijze, zienswijze)")
        icon = "group"
        help_text = gettext_lazy(
            "De school legt vast wanneer en hoe leerling en ouders zijn gehoord, en "
            "eventueel hun zienswijze in hun eigen woorden. Geef het veld de rol ‘Hoorrecht’."
        )


def build_hoorrecht(f, required, existing_files):
    choices = list(WIJZEN.items())
    return [
        (
            f"{f.name}__datum",
            djforms.DateField(
                required=required,
                label=_("Datum waarop leerling en ouders zijn gehoord"),
                widget=DateInput,
                error_messages={
                    "required": NO_DATE,
                    "invalid": _("Vul een geldige datum in, bijvoorbeeld 14-03-2026."),
                },
            ),
        ),
        (
            f"{f.name}__wijze",
            djforms.ChoiceField(
                required=required,
                label=_("Hoe zijn zij gehoord?"),
                choices=choices,
                widget=djforms.RadioSelect,
                error_messages={
                    "required": NO_WAY,
                    "invalid_choice": _("Kies een van de genoemde manieren."),
                },
            ),
        ),
        (
            f"{f.name}__zienswijze",
            djforms.CharField(
                required=False,
                label=_("Zienswijze van leerling en ouders (niet verplicht)"),
                help_text=_("In hun eigen woorden, als zij dat willen."),
                widget=djforms.Textarea(attrs={"rows": 5}),
                max_length=ZIENSWIJZE_MAX,
            ),
        ),
    ]


def clean_hoorrecht(f, value, context):
    """Date and way both, or (optional field) nothing; never a date after today."""
    datum, wijze = value.get("datum"), value.get("wijze") or ""
    zienswijze = (value.get("zienswijze") or "").strip()
    if not (datum or wijze or zienswijze):
        return {}
    errors = {}
    if not datum:
        errors["datum"] = NO_DATE
    elif datum > timezone.localdate():
        errors["datum"] = _(
            "Deze datum ligt in de toekomst. Vul de datum in waarop leerling en ouders "
            "al zijn gehoord: het horen gaat aan de aanvraag vooraf."
        )
    if not wijze:
        errors["wijze"] = NO_WAY
    if errors:
        raise ValidationError(errors)
    return {"datum": datum, "wijze": wijze, "zienswijze": zienswijze}


@dataclass(frozen=True)
class Gehoord:
    datum: datetime.date
    wijze: str
    zienswijze: str

    @property
    def wijze_label(self):
        return str(WIJZEN.get(self.wijze, self.wijze))

    @property
    def datum_text(self):
        return formats.date_format(self.datum, "j F Y")


def parse(value):
    """A stored answer as ``Gehoord``, or None when it is empty or not readable."""
    if not isinstance(value, dict):
        return None
    try:
        datum = datetime.date.fromisoformat(str(value.get("datum") or ""))
    except ValueError:
        return None
    return Gehoord(datum, str(value.get("wijze") or ""), str(value.get("zienswijze") or ""))


def display_hoorrecht(f, value):
    gehoord = parse(value)
    if gehoord is None:
        return "—"
    text = _("Gehoord op %(datum)s, %(wijze)s.") % {
        "datum": gehoord.datum_text,
        "wijze": gehoord.wijze_label.lower(),
    }
    if gehoord.zienswijze:
        text += "\n" + _("Zienswijze: %(z)s") % {"z": gehoord.zienswijze}
    return text


def field_type():
    block = HoorrechtBlock()
    return FieldType(
        label=str(block.meta.label),
        block=block,
        build=build_hoorrecht,
        parts=PARTS,
        display=display_hoorrecht,
        clean=clean_hoorrecht,
    )


ROLE = FieldRole(gettext_lazy("Hoorrecht (leerling en ouders gehoord)"), frozenset({HOORRECHT}))


# --- the loket's reading --------------------------------------------------------------


def of(aanvraag):
    """The aanvraag's hoorrecht (the answer of the field with the role), else None."""
    return parse(answer_for_role(aanvraag, HOORRECHT))


def expected(aanvraag):
    return aanvraag.type in EXPECTED_FOR


def log_at_intake(aanvraag, user):
    """One logboek line when the submission records the hoorrecht: date and way only."""
    gehoord = of(aanvraag)
    if gehoord is None:
        return None
    detail = f"gehoord op {gehoord.datum.isoformat()}, {gehoord.wijze}"
    if gehoord.zienswijze:
        detail += ", met zienswijze"
    return logboek.log(LogEntry.Action.HOORRECHT, user, aanvraag=aanvraag, detail=detail)
