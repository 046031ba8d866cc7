"""Field types: what a form field is in the editor, in the wizard and in the summary.

Each type is registered once in ``field_types`` under the name of its StreamField
block. The engine registers its own types (``forms.builtin_fields``, from
``FormsConfig.ready()``); another app registers the types only it needs the same
way (e.g. a field type only one app needs). ``FieldsBlock`` - the editor's list of field
blocks - and ``build_fields`` - the wizard's Django form fields - both read this
table, so a new type needs no change in the engine.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class FillContext:
    """Who fills the form in, for which organisation: given to the field types that
    ask for it (``uses_context``), e.g. a field that offers the organisation's own
    records to choose from. The engine knows nothing of what those records are."""

    user: object = None
    organisation: object = None


@dataclass(frozen=True)
class FieldType:
    label: str
    # The Wagtail block a formulierbeheerder configures the field with.
    block: object
    # build(field_def, required, existing_files) -> [(form field name, Django field)]
    build: Callable
    # A compound type asks several parts (form fields "<name>__<part>") and stores
    # its answer as a dict of those parts.
    parts: tuple = ()
    # display(field_def, value) -> str for the summary; None = the engine's default.
    display: Callable | None = None
    # False for text-only blocks that ask nothing.
    has_value: bool = True
    # True: build() and clean() also get ``context`` (a FillContext, or None in the
    # editor's preview).
    uses_context: bool = False
    # clean(field_def, value, context) -> value: checks a compound answer as a whole
    # (its parts as a dict) and may complete it; raises ValidationError({part: msg}).
    clean: Callable | None = None


field_types = Registry("form field types")


def register_field_type(key, field_type):
    """Register ``field_type`` under ``key`` (the block name stored in the page's JSON)."""
    field_type.block.set_name(key)
    return field_types.register(key, field_type)


def build_fields(f, required, existing_files, context=None):
    """The Django form field(s) for one ``FieldDef`` as ``[(name, field)]``."""
    field_type = field_types[f.type]
    if field_type.uses_context:
        return field_type.build(f, required, existing_files, context=context)
    return field_type.build(f, required, existing_files)
