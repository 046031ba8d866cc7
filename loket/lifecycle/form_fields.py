"""The loket's own form field type: the pupil (naam, geboortedatum, groep).

Registered with the form engine in ``loket.lifecycle.form_setup``. Stores only name, date
of birth and groep - never a BSN. The answer is a dict of those three parts.
"""

import datetime

from django import forms as djforms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.blocks import BaseFieldBlock
from forms.fieldtypes import FieldType
from forms.filling.widgets import DateInput

LEERLING = "leerling"
LEERLING_PARTS = ("naam", "geboortedatum", "groep")
GROEP_CHOICES = [("", "---------")] + [(str(n), f"Groep {n}") for n in range(1, 9)]
GROEP_CHOICES += [("anders", gettext_lazy("Anders (bijv. (V)SO)"))]


class LeerlingBlock(BaseFieldBlock):
    class Meta:
        label = gettext_lazy("Leerling (naam, geboortedatum, groep)")
        icon = "user"
        help_text = gettext_lazy("Slaat alleen naam, geboortedatum en groep op; nooit een BSN.")


def build_leerling(f, required, existing_files):
    return [
        (
            f"{f.name}__naam",
            djforms.CharField(required=required, label=_("Naam van de leerling"), max_length=200),
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


def display_leerling(f, value):
    birth = value.get("geboortedatum") or ""
    if birth:
        birth = formats.date_format(datetime.date.fromisoformat(birth), "j F Y")
    groep = value.get("groep") or ""
    groep = _("groep %(g)s") % {"g": groep} if groep.isdigit() else groep
    return ", ".join(p for p in (value.get("naam"), birth, groep) if p)


def leerling_field_type():
    block = LeerlingBlock()
    return FieldType(
        label=str(block.meta.label),
        block=block,
        build=build_leerling,
        parts=LEERLING_PARTS,
        display=display_leerling,
    )
