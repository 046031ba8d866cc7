"""The loket's own form field type: the pupil (naam, geboortedatum, groep).

Registered with the form engine in ``loket.lifecycle.form_setup``. Stores only name, date
of birth and groep - never a BSN. The answer is a dict of those parts, plus ``kies``:
the pupil chosen from the school's register (``loket.leerlingen``), or "nieuw".

A school with pupils in its register chooses the pupil from a list (a plain select:
works without JavaScript) and only types a new pupil when the child is not in it. A
typed name that is the register's pupil however it is written becomes that pupil; a
typed name that looks like one (``likely_duplicates``) is asked about first, so a
typo does not make a second dossier.
"""

import datetime

from django import forms as djforms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.blocks import BaseFieldBlock
from forms.fieldtypes import FieldType
from forms.filling.widgets import DateInput
from loket.leerlingen.matching import current_pupils, find_pupil, likely_duplicates

LEERLING = "leerling"
LEERLING_PARTS = ("kies", "naam", "geboortedatum", "groep")
GROEP_CHOICES = [("", "---------")] + [(str(n), f"Groep {n}") for n in range(1, 9)]
GROEP_CHOICES += [("anders", gettext_lazy("Anders (bijv. (V)SO)"))]


class LeerlingBlock(BaseFieldBlock):
    class Meta:
        label = gettext_lazy("Leerling (naam, geboortedatum, groep)")
        icon = "user"
        help_text = gettext_lazy("Slaat alleen naam, geboortedatum en groep op; nooit een BSN.")


NEW = "nieuw"


def _school(context):
    organisation = getattr(context, "organisation", None)
    return organisation if getattr(organisation, "kind", None) == "school" else None


def build_leerling(f, required, existing_files, context=None):
    pupils = register_choices(_school(context))
    if pupils:
        choices = [
            ("", _("Kies een leerling")),
            *pupils,
            (NEW, _("Nieuwe leerling (niet in de lijst)")),
        ]
        kies = djforms.ChoiceField(
            required=False,  # or a new pupil typed below (clean_leerling)
            label=_("Kies uit de leerlingen van je school"),
            choices=choices,
            widget=djforms.Select(  # a search box above it: static/js/zoeklijst.js
                attrs={
                    "data-filter-list": _("Zoek in de lijst op (een deel van de) naam"),
                    "data-filter-keep-last": "",
                }
            ),
            help_text=_(
                "Staat de leerling er niet bij, kies dan "
                "‘Nieuwe leerling’ en vul hieronder naam en geboortedatum in."
            ),
        )
    else:
        kies = djforms.CharField(required=False, widget=djforms.HiddenInput)
    typed = required and not pupils  # with a register: required unless a pupil is chosen
    return [
        (f"{f.name}__kies", kies),
        (
            f"{f.name}__naam",
            djforms.CharField(required=typed, label=_("Naam van de leerling"), max_length=200),
        ),
        (
            f"{f.name}__geboortedatum",
            djforms.DateField(required=typed, label=_("Geboortedatum"), widget=DateInput),
        ),
        (
            f"{f.name}__groep",
            djforms.ChoiceField(required=typed, label=_("Groep"), choices=GROEP_CHOICES),
        ),
    ]


def register_choices(school):
    """``[(pk, "Naam (12-03-2016)")]`` of the school's current pupils: one query."""
    if school is None:
        return []
    rows = current_pupils(school).values_list("pk", "naam", "geboortedatum")
    return [(str(pk), f"{naam} ({born:%d-%m-%Y})") for pk, naam, born in rows]


def register_choices_exist(school):
    return school is not None and current_pupils(school).exists()


def clean_leerling(f, value, context):
    """A chosen pupil fills in name and date of birth; a typed one is checked. The
    answer keeps ``kies`` only when a pupil (or "nieuw") was chosen."""
    value = _clean_leerling(f, value, context)
    if not value.get("kies"):
        value = {key: part for key, part in value.items() if key != "kies"}
    return value


def _clean_leerling(f, value, context):
    school = _school(context)
    chosen = value.get("kies") or ""
    if chosen and chosen != NEW:
        pupil = current_pupils(school).filter(pk=chosen).first() if school else None
        if pupil is None:
            raise ValidationError({"kies": _("Kies een leerling uit de lijst.")})
        return {
            **value,
            "naam": pupil.naam,
            "geboortedatum": pupil.geboortedatum,
            "groep": value.get("groep") or pupil.groep,
        }
    naam, born = (value.get("naam") or "").strip(), value.get("geboortedatum")
    if not (naam and born):
        if chosen == NEW or (f.required and register_choices_exist(school)):
            raise ValidationError(
                {"naam": _("Kies een leerling uit de lijst, of vul naam en geboortedatum in.")}
            )
        return value
    if school is None:
        return value
    known = find_pupil(school, naam, born)
    if known is not None:  # the register's pupil, written differently
        return {**value, "kies": str(known.pk), "naam": known.naam}
    if chosen != NEW:
        alike = likely_duplicates(school, naam, born)
        if alike:
            names = "; ".join(f"{p.naam} ({p.geboortedatum:%d-%m-%Y})" for p in alike)
            raise ValidationError(
                {
                    "kies": _(
                        "Bedoel je %(names)s? Kies de leerling dan in de lijst; is het een "
                        "ander kind, kies dan ‘Nieuwe leerling’."
                    )
                    % {"names": names}
                }
            )
    return value


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
        uses_context=True,
        clean=clean_leerling,
    )
