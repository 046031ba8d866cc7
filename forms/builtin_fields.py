"""The engine's own field types: one builder per type, registered in ``field_types``.

Registered from ``FormsConfig.ready()``. Each builder returns the Django form
field(s) of one ``FieldDef`` as ``[(name, field)]``.
"""

from django import forms as djforms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy

from forms.filling.widgets import CalculatedField, DateInput, UploadField

from . import blocks
from . import definition as d
from .fieldtypes import FieldType, field_types, register_field_type

# Amounts and rates are never negative unless the editor says so (issue 10): a
# rate of -5 once became a total of € -50.
NOT_NEGATIVE = MinValueValidator(0, message=gettext_lazy("Een negatieve waarde kan hier niet."))

YES_NO_CHOICES = [("ja", gettext_lazy("Ja")), ("nee", gettext_lazy("Nee"))]


def _common(f, required):
    return {"required": required, "label": f.label, "help_text": f.help_text}


def build_short_text(f, required, existing_files):
    max_length = int(f.options.get("max_length") or 255)
    return [(f.name, djforms.CharField(max_length=max_length, **_common(f, required)))]


def build_long_text(f, required, existing_files):
    max_length = int(f.options.get("max_length") or 5000)
    widget = djforms.Textarea(attrs={"rows": 6})
    return [
        (f.name, djforms.CharField(max_length=max_length, widget=widget, **_common(f, required)))
    ]


def build_email(f, required, existing_files):
    return [(f.name, djforms.EmailField(**_common(f, required)))]


def build_decimal(f, required, existing_files):
    places = 2 if f.type == d.AMOUNT else int(f.options.get("decimal_places") or 0)
    kwargs = _common(f, required)
    minimum = d.to_decimal(f.options.get("min_value"))
    if minimum is not None:
        kwargs["min_value"] = minimum
    if not d.allows_negative(f):
        kwargs["validators"] = [NOT_NEGATIVE]
    field = djforms.DecimalField(
        decimal_places=places, max_digits=14, localize=True, widget=djforms.TextInput, **kwargs
    )
    field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
    return [(f.name, field)]


def build_date(f, required, existing_files):
    return [(f.name, djforms.DateField(widget=DateInput, **_common(f, required)))]


def build_choice(f, required, existing_files):
    radio = f.options.get("widget", "radio") == "radio"
    choices = [(o, o) for o in d.choice_options(f)]
    if not radio:
        choices = [("", "---------"), *choices]
    widget = djforms.RadioSelect if radio else djforms.Select
    return [(f.name, djforms.ChoiceField(choices=choices, widget=widget, **_common(f, required)))]


def build_multiple_choice(f, required, existing_files):
    choices = [(o, o) for o in d.choice_options(f)]
    field = djforms.MultipleChoiceField(
        choices=choices, widget=djforms.CheckboxSelectMultiple, **_common(f, required)
    )
    return [(f.name, field)]


def build_yes_no(f, required, existing_files):
    field = djforms.ChoiceField(
        choices=YES_NO_CHOICES, widget=djforms.RadioSelect, **_common(f, required)
    )
    return [(f.name, field)]


def build_declaration(f, required, existing_files):
    return [(f.name, djforms.BooleanField(**_common(f, required)))]


def build_file(f, required, existing_files):
    field = UploadField(
        allowed_types=f.options.get("allowed_types") or ["pdf"],
        max_size_mb=int(f.options.get("max_size_mb") or 10),
        max_files=int(f.options.get("max_files") or 1),
        existing=existing_files,
        **_common(f, required),
    )
    return [(f.name, field)]


def build_info(f, required, existing_files):
    return []


def build_calculated(f, required, existing_files):
    field = CalculatedField(
        label=f.label, help_text=f.help_text, is_amount=bool(f.options.get("is_amount"))
    )
    return [(f.name, field)]


BUILTIN = [
    (d.SHORT_TEXT, blocks.ShortTextBlock, build_short_text, True),
    (d.LONG_TEXT, blocks.LongTextBlock, build_long_text, True),
    (d.EMAIL, blocks.EmailFieldBlock, build_email, True),
    (d.NUMBER, blocks.NumberFieldBlock, build_decimal, True),
    (d.AMOUNT, blocks.AmountFieldBlock, build_decimal, True),
    (d.DATE, blocks.DateFieldBlock, build_date, True),
    (d.CHOICE, blocks.ChoiceFieldBlock, build_choice, True),
    (d.MULTIPLE_CHOICE, blocks.MultipleChoiceFieldBlock, build_multiple_choice, True),
    (d.YES_NO, blocks.YesNoBlock, build_yes_no, True),
    (d.DECLARATION, blocks.DeclarationBlock, build_declaration, True),
    (d.FILE, blocks.FileFieldBlock, build_file, True),
    (d.INFO, blocks.InfoBlock, build_info, False),
    (d.CALCULATED, blocks.CalculatedFieldBlock, build_calculated, True),
]


def register_builtin_field_types():
    for key, block_class, build, has_value in BUILTIN:
        if key in field_types:  # ready() may run twice in some test set-ups
            continue
        block = block_class()
        register_field_type(
            key,
            FieldType(label=str(block.meta.label), block=block, build=build, has_value=has_value),
        )
