"""A form's definition as plain data, and the rules that work on it.

The editor builds a form as StreamField blocks (``forms.blocks``); everything the
engine does with it - conditions, calculations, maxima, admin validation - works
on the plain dataclasses below, so the rules are testable without Wagtail and the
same code runs in the admin (validation before publish, ``forms.validation``) and in the
wizard.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Field types (the StreamField block names).
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
EMAIL = "email"
NUMBER = "number"
AMOUNT = "amount"
DATE = "date"
CHOICE = "choice"
MULTIPLE_CHOICE = "multiple_choice"
YES_NO = "yes_no"
DECLARATION = "declaration"
FILE = "file"
INFO = "info"
CALCULATED = "calculated"

NUMERIC_TYPES = {NUMBER, AMOUNT, CALCULATED}
# Types whose value a condition can look at.
CONDITIONABLE_TYPES = {
    SHORT_TEXT,
    EMAIL,
    NUMBER,
    AMOUNT,
    DATE,
    CHOICE,
    MULTIPLE_CHOICE,
    YES_NO,
    DECLARATION,
    CALCULATED,
}

# Condition operators.
EQUALS = "equals"
ONE_OF = "one_of"
GREATER = "greater"
LESS = "less"

# Calculation operations.
PRODUCT = "product"
SUM = "sum"
PERCENTAGE = "percentage"

SUMMARY_STEP = "overzicht"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str = EQUALS
    value: str = ""

    def values(self):
        """The comparison values: one per line for "is een van"."""
        if self.operator == ONE_OF:
            return [line.strip() for line in self.value.splitlines() if line.strip()]
        return [self.value.strip()]


@dataclass
class FieldDef:
    type: str
    name: str = ""
    label: str = ""
    help_text: str = ""
    required: bool = False
    condition: Condition | None = None
    options: dict = field(default_factory=dict)
    role: str = ""  # a key of forms.fieldroles.field_roles, or ""

    @property
    def has_value(self):
        return self.type != INFO


@dataclass
class StepDef:
    key: str
    title: str
    help_text: str = ""
    condition: Condition | None = None
    fields: list = field(default_factory=list)

    def value_fields(self):
        return [f for f in self.fields if f.has_value]


@dataclass
class FormDefinition:
    steps: list = field(default_factory=list)
    support_start_min: object = None  # a date or None
    support_start_field: str = ""

    def field_map(self):
        return {f.name: f for step in self.steps for f in step.value_fields()}

    def step(self, key):
        for step in self.steps:
            if step.key == key:
                return step
        return None

    def labels(self, step_keys=None):
        """The labels snapshot stored with a submission (with what a reader needs to
        show an answer: a calculated value says whether it is an amount in euro; a
        step lists the roles of its fields, so answers can be read by role)."""
        result = []
        for step in self.steps:
            if step_keys is not None and step.key not in step_keys:
                continue
            snapshot = {
                "key": step.key,
                "title": step.title,
                "fields": [_label(f) for f in step.value_fields()],
            }
            roles = {f.name: f.role for f in step.value_fields() if f.role}
            if roles:
                snapshot["roles"] = roles  # field name -> role (forms.fieldroles)
            result.append(snapshot)
        return result


def _label(f):
    label = {"name": f.name, "label": f.label, "type": f.type}
    if f.type == CALCULATED:
        label["is_amount"] = bool(f.options.get("is_amount"))
    return label


# --- building a definition from StreamField data ---------------------------------


def _condition(value):
    if not value:
        return None
    name = (value.get("field") or "").strip()
    if not name:
        return None
    return Condition(
        field=name, operator=value.get("operator") or EQUALS, value=value.get("value") or ""
    )


COMMON_KEYS = {"name", "label", "help_text", "required", "condition", "role"}


def field_from_block(block_type, value):
    """A ``FieldDef`` from one field block's value (a StructValue or dict)."""
    value = dict(value)
    if block_type == INFO:
        return FieldDef(
            type=INFO,
            options={"text": value.get("text")},
            condition=_condition(value.get("condition")),
        )
    required = bool(value.get("required"))
    if block_type == CALCULATED:
        required = False
    return FieldDef(
        type=block_type,
        name=(value.get("name") or "").strip(),
        label=value.get("label") or "",
        help_text=value.get("help_text") or "",
        required=required,
        condition=_condition(value.get("condition")),
        options={k: v for k, v in value.items() if k not in COMMON_KEYS},
        role=(value.get("role") or "").strip(),
    )


def definition_from_stream(stream, support_start_min=None, support_start_field=""):
    """A ``FormDefinition`` from the ``steps`` StreamValue of a form page.

    Step keys are positional (``stap1``, ``stap2`` ...): a draft is pinned to one
    revision, so positions cannot shift under it.
    """
    steps = []
    for index, step_block in enumerate(stream or [], start=1):
        value = step_block.value
        fields = [
            field_from_block(child.block_type, child.value) for child in value["fields"] or []
        ]
        steps.append(
            StepDef(
                key=f"stap{index}",
                title=value.get("title") or "",
                help_text=value.get("help_text") or "",
                condition=_condition(value.get("condition")),
                fields=fields,
            )
        )
    return FormDefinition(
        steps=steps,
        support_start_min=support_start_min,
        support_start_field=(support_start_field or "").strip(),
    )


# --- rules -------------------------------------------------------------------------


def to_decimal(value):
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def _as_text(value):
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if value is None:
        return ""
    return str(value).strip()


def condition_met(condition, answers):
    """Whether a field or step with ``condition`` is shown, given the answers so far.

    A condition on a field that is not answered (or itself hidden) is not met.
    """
    if condition is None:
        return True
    if condition.field not in answers:
        return False
    value = answers[condition.field]
    if condition.operator in (GREATER, LESS):
        left, right = to_decimal(value), to_decimal(condition.value)
        if left is None or right is None:
            return False
        return left > right if condition.operator == GREATER else left < right
    wanted = {v.casefold() for v in condition.values()}
    given = value if isinstance(value, list | tuple) else [value]
    return any(_as_text(v).casefold() in wanted for v in given)


def calculate(field_def, answers):
    """The value of a calculated field from the answers, or None when an operand is missing."""
    operands = operand_names(field_def)
    values = [to_decimal(answers.get(name)) for name in operands]
    if not values or any(v is None for v in values):
        return None
    operation = field_def.options.get("operation")
    if operation == PRODUCT:
        result = Decimal(1)
        for v in values:
            result *= v
    elif operation == SUM:
        result = sum(values, Decimal(0))
    elif operation == PERCENTAGE:
        percentage = to_decimal(field_def.options.get("percentage"))
        if percentage is None:
            return None
        result = values[0] * percentage / Decimal(100)
    else:
        return None
    return result.quantize(CENT, rounding=ROUND_HALF_UP)


def operand_names(field_def):
    raw = field_def.options.get("operands") or ""
    return [name.strip() for name in raw.replace(";", ",").split(",") if name.strip()]


def maximum_error(field_def, value):
    """The editor's error text when ``value`` exceeds the field's maximum, else None."""
    maximum = to_decimal(field_def.options.get("max_value"))
    if maximum is None or value is None or value <= maximum:
        return None
    text = field_def.options.get("max_error") or ""
    return text.strip() or _("De waarde mag niet hoger zijn dan %(max)s.") % {"max": maximum}


def allows_negative(field_def):
    """Whether the editor allowed negative values on a number or amount field
    (off by default, also for forms saved before the option existed)."""
    return bool(field_def.options.get("allow_negative"))


def negative_error(field_def, value):
    """A calculated value is never negative, whatever its operands allow."""
    if value is None or value >= 0:
        return None
    return _("De berekende waarde kan niet negatief zijn. Controleer de ingevulde getallen.")


def minimum_error(field_def, value):
    minimum = to_decimal(field_def.options.get("min_value"))
    if minimum is None or value is None or value >= minimum:
        return None
    return _("De waarde mag niet lager zijn dan %(min)s.") % {"min": minimum}


def choice_options(field_def):
    raw = field_def.options.get("choices") or ""
    return [line.strip() for line in raw.splitlines() if line.strip()]


def refused_options(field_def):
    raw = field_def.options.get("refuse") or ""
    return [line.strip() for line in raw.splitlines() if line.strip()]


def refusal_error(field_def, value):
    """The editor's error text when a choice means the form cannot go on, else None."""
    if value in refused_options(field_def):
        text = (field_def.options.get("refuse_error") or "").strip()
        return text or _("Met deze keuze kun je dit formulier niet indienen.")
    return None
