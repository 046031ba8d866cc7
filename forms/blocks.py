"""The StreamField blocks a formulierbeheerder builds a loket form with.

A form is a list of steps; a step has a title, help text, an optional condition
and a stream of field blocks. ``StepsBlock.clean`` validates the whole form with
``forms.validation.validate_definition`` so Wagtail refuses to save or publish a
broken form and shows why.
"""

from django.core.validators import RegexValidator
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from . import definition as d
from .fieldroles import role_choices
from .validation import validate_definition

NAME_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$",
    _("Gebruik kleine letters, cijfers en _; begin met een letter (bijv. uurtarief)."),
)

FILE_TYPE_CHOICES = [
    ("pdf", "PDF"),
    ("docx", "Word (.docx)"),
    ("doc", "Word 97-2003 (.doc)"),
    ("odt", "OpenDocument-tekst (.odt)"),
    ("xlsx", "Excel (.xlsx)"),
    ("xls", "Excel 97-2003 (.xls)"),
    ("ods", "OpenDocument-rekenblad (.ods)"),
    ("jpg", "JPEG-afbeelding"),
    ("png", "PNG-afbeelding"),
]


class NameBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Technische naam"),
            max_length=50,
            validators=[NAME_VALIDATOR],
            help_text=_("Uniek in dit formulier; gebruikt in voorwaarden en berekeningen."),
            **kwargs,
        )


class ConditionBlock(blocks.StructBlock):
    field = blocks.CharBlock(
        label=_("Alleen tonen als veld"),
        required=False,
        help_text=_("Technische naam van een eerder veld. Leeg = altijd tonen."),
    )
    operator = blocks.ChoiceBlock(
        label=_("Vergelijking"),
        required=False,
        choices=[
            (d.EQUALS, _("is gelijk aan")),
            (d.ONE_OF, _("is een van")),
            (d.GREATER, _("is groter dan")),
            (d.LESS, _("is kleiner dan")),
        ],
        default=d.EQUALS,
    )
    value = blocks.TextBlock(
        label=_("Waarde"),
        required=False,
        rows=2,
        help_text=_("Bij 'is een van': één waarde per regel. Ja/nee-velden: 'ja' of 'nee'."),
    )

    class Meta:
        label = _("Voorwaarde")
        collapsed = True


class RoleBlock(blocks.ChoiceBlock):
    """The field's (optional) role; choices are the roles apps registered."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Rol"),
            choices=role_choices,
            required=False,
            help_text=_(
                "Optioneel: wat dit antwoord betekent voor de verdere afhandeling "
                "(bijv. het totaalbedrag). Een rol komt hooguit één keer per formulier voor."
            ),
            **kwargs,
        )


class BaseFieldBlock(blocks.StructBlock):
    name = NameBlock()
    label = blocks.CharBlock(label=_("Vraag / label"), max_length=500)
    help_text = blocks.CharBlock(label=_("Hulptekst"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Verplicht"), required=False, default=True)
    condition = ConditionBlock()
    role = RoleBlock()


class ShortTextBlock(BaseFieldBlock):
    max_length = blocks.IntegerBlock(
        label=_("Maximale lengte"), default=255, min_value=1, max_value=255
    )

    class Meta:
        label = _("Korte tekst")
        icon = "pilcrow"


class LongTextBlock(BaseFieldBlock):
    max_length = blocks.IntegerBlock(
        label=_("Maximale lengte"), default=5000, min_value=1, max_value=20000
    )

    class Meta:
        label = _("Lange tekst")
        icon = "doc-full"


class EmailFieldBlock(BaseFieldBlock):
    class Meta:
        label = _("E-mailadres")
        icon = "mail"


class NumberFieldBlock(BaseFieldBlock):
    decimal_places = blocks.IntegerBlock(label=_("Decimalen"), default=0, min_value=0, max_value=4)
    min_value = blocks.DecimalBlock(label=_("Minimum"), required=False)
    max_value = blocks.DecimalBlock(label=_("Maximum"), required=False)
    max_error = blocks.CharBlock(
        label=_("Foutmelding bij overschrijden maximum"), required=False, max_length=300
    )
    allow_negative = blocks.BooleanBlock(
        label=_("Negatieve waarden toestaan"),
        required=False,
        default=False,
        help_text=_(
            "Standaard kan een getal of bedrag niet negatief zijn. Zet dit alleen aan als een "
            "negatieve waarde hier echt iets betekent (bijv. een correctie)."
        ),
    )

    class Meta:
        label = _("Getal")
        icon = "order"


class AmountFieldBlock(NumberFieldBlock):
    class Meta:
        label = _("Bedrag in euro")
        icon = "order"


class DateFieldBlock(BaseFieldBlock):
    class Meta:
        label = _("Datum")
        icon = "date"


class ChoiceFieldBlock(BaseFieldBlock):
    choices = blocks.TextBlock(label=_("Keuzes"), help_text=_("Eén keuze per regel."))
    widget = blocks.ChoiceBlock(
        label=_("Weergave"),
        choices=[("radio", _("Keuzerondjes")), ("select", _("Keuzelijst"))],
        default="radio",
    )
    refuse = blocks.TextBlock(
        label=_("Weigeren bij keuze"),
        required=False,
        rows=2,
        help_text=_("Keuzes (één per regel) waarmee het formulier niet verder kan."),
    )
    refuse_error = blocks.CharBlock(
        label=_("Foutmelding bij weigeren"), required=False, max_length=500
    )

    class Meta:
        label = _("Eén keuze")
        icon = "list-ul"


class MultipleChoiceFieldBlock(BaseFieldBlock):
    choices = blocks.TextBlock(label=_("Keuzes"), help_text=_("Eén keuze per regel."))

    class Meta:
        label = _("Meerdere keuzes")
        icon = "list-ul"


class YesNoBlock(BaseFieldBlock):
    class Meta:
        label = _("Ja/nee")
        icon = "tick"


class DeclarationBlock(BaseFieldBlock):
    class Meta:
        label = _("Verklaring (aanvinken)")
        icon = "tick-inverse"


class FileFieldBlock(BaseFieldBlock):
    allowed_types = blocks.MultipleChoiceBlock(
        label=_("Toegestane bestandstypen"), choices=FILE_TYPE_CHOICES, default=["pdf", "docx"]
    )
    max_size_mb = blocks.IntegerBlock(
        label=_("Maximale grootte per bestand (MB)"), default=10, min_value=1, max_value=50
    )
    max_files = blocks.IntegerBlock(
        label=_("Maximaal aantal bestanden"), default=1, min_value=1, max_value=20
    )

    class Meta:
        label = _("Bestand uploaden")
        icon = "doc-full-inverse"


class InfoBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Tekst"), features=["bold", "italic", "link", "ul", "ol"])
    condition = ConditionBlock()

    class Meta:
        label = _("Informatietekst")
        icon = "info-circle"


class CalculatedFieldBlock(blocks.StructBlock):
    name = NameBlock()
    label = blocks.CharBlock(label=_("Label"), max_length=500)
    help_text = blocks.CharBlock(label=_("Hulptekst"), required=False, max_length=500)
    operation = blocks.ChoiceBlock(
        label=_("Berekening"),
        choices=[
            (d.PRODUCT, _("product (a × b)")),
            (d.SUM, _("som (a + b)")),
            (d.PERCENTAGE, _("percentage van")),
        ],
    )
    operands = blocks.CharBlock(
        label=_("Velden"),
        help_text=_(
            "Technische namen van eerdere getal- of bedragvelden, gescheiden door komma's."
        ),
    )
    percentage = blocks.DecimalBlock(label=_("Percentage"), required=False)
    is_amount = blocks.BooleanBlock(label=_("Is een bedrag in euro"), required=False, default=True)
    max_value = blocks.DecimalBlock(label=_("Maximum"), required=False)
    max_error = blocks.CharBlock(
        label=_("Foutmelding bij overschrijden maximum"), required=False, max_length=300
    )
    condition = ConditionBlock()
    role = RoleBlock()

    class Meta:
        label = _("Berekend bedrag of getal")
        icon = "plus-inverse"


class FieldsBlock(blocks.StreamBlock):
    """The field blocks of a step: one per registered field type.

    The children are read from ``forms.fieldtypes.field_types`` when they are used,
    not when the class is defined: apps register their types in ``ready()``, after
    the page model (and so this block) has been imported.
    """

    class Meta:
        label = _("Velden")

    @property
    def child_blocks(self):
        from .fieldtypes import field_types

        children = dict(self._declared_children)
        for key, field_type in field_types:
            children.setdefault(key, field_type.block)
        return children

    @child_blocks.setter
    def child_blocks(self, value):
        self._declared_children = value


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel van de stap"), max_length=200)
    help_text = blocks.TextBlock(label=_("Uitleg bij de stap"), required=False)
    condition = ConditionBlock()
    fields = FieldsBlock()

    class Meta:
        label = _("Stap")
        icon = "form"


class StepsBlock(blocks.StreamBlock):
    """All steps; its ``clean`` checks the form as a whole before it can be saved."""

    step = StepBlock()

    class Meta:
        label = _("Stappen")

    def clean(self, value):
        value = super().clean(value)
        problems = validate_definition(d.definition_from_stream(value))
        if problems:
            raise blocks.StreamBlockValidationError(non_block_errors=ErrorList(problems))
        return value
