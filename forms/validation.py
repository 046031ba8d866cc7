"""Validation of a whole form in the admin: what makes a form unpublishable.

Runs on the plain ``FormDefinition`` (``StepsBlock.clean`` builds it from the
editor's blocks), so Wagtail refuses to save or publish a broken form.
"""

from django.utils.translation import gettext as _

from .definition import (
    CALCULATED,
    CHOICE,
    CONDITIONABLE_TYPES,
    DATE,
    GREATER,
    LESS,
    MULTIPLE_CHOICE,
    NUMERIC_TYPES,
    PERCENTAGE,
    allows_negative,
    choice_options,
    operand_names,
    refused_options,
    to_decimal,
)
from .fieldroles import check_roles


def validate_definition(definition):
    """Problems that make a form unpublishable, as a list of Dutch messages."""
    errors = []
    seen = {}  # name -> FieldDef, in order
    with_role = []  # (where, FieldDef) of fields that have a role
    if not definition.steps:
        errors.append(_("Een formulier heeft minstens één stap."))
    for number, step in enumerate(definition.steps, start=1):
        where_step = _("Stap %(n)s (%(title)s)") % {"n": number, "title": step.title}
        earlier_steps = dict(seen)
        if step.condition is not None:
            errors += _check_condition(step.condition, earlier_steps, where_step)
        for f in step.fields:
            where = f"{where_step}, {_('veld')} '{f.name or f.label or f.type}'"
            if f.condition is not None:
                errors += _check_condition(f.condition, seen, where)
            if not f.has_value:
                continue
            if f.role:
                with_role.append((where, f))
            if not f.name:
                errors.append(_("%(where)s: geef het veld een technische naam.") % {"where": where})
                continue
            if f.name in seen:
                errors.append(
                    _("%(where)s: de naam '%(name)s' komt al eerder in het formulier voor.")
                    % {"where": where, "name": f.name}
                )
                continue
            if f.type == CALCULATED:
                errors += _check_calculation(f, seen, where)
            if f.type in NUMERIC_TYPES and f.type != CALCULATED and not allows_negative(f):
                minimum = to_decimal(f.options.get("min_value"))
                if minimum is not None and minimum < 0:
                    errors.append(
                        _(
                            "%(where)s: een negatief minimum kan alleen als 'Negatieve "
                            "waarden toestaan' aan staat."
                        )
                        % {"where": where}
                    )
            if f.type in (CHOICE, MULTIPLE_CHOICE) and not choice_options(f):
                errors.append(
                    _("%(where)s: geef minstens één keuzemogelijkheid.") % {"where": where}
                )
            unknown = set(refused_options(f)) - set(choice_options(f))
            if unknown:
                errors.append(
                    _("%(where)s: 'weigeren bij keuze' noemt een keuze die niet bestaat: %(v)s.")
                    % {"where": where, "v": ", ".join(sorted(unknown))}
                )
            seen[f.name] = f
    errors += check_roles(with_role)
    if definition.support_start_field:
        target = seen.get(definition.support_start_field)
        if target is None or target.type != DATE:
            errors.append(
                _("Het veld voor de startdatum ('%(name)s') bestaat niet of is geen datumveld.")
                % {"name": definition.support_start_field}
            )
    return errors


def _check_condition(condition, earlier, where):
    target = earlier.get(condition.field)
    if target is None:
        return [
            _("%(where)s: de voorwaarde verwijst naar '%(name)s', dat geen eerder veld is.")
            % {"where": where, "name": condition.field}
        ]
    if target.type not in CONDITIONABLE_TYPES:
        return [
            _("%(where)s: op het veld '%(name)s' kan geen voorwaarde worden gezet.")
            % {"where": where, "name": condition.field}
        ]
    if condition.operator in (GREATER, LESS):
        if target.type not in NUMERIC_TYPES:
            return [
                _("%(where)s: 'groter dan' of 'kleiner dan' kan alleen bij een getal of bedrag.")
                % {"where": where}
            ]
        if to_decimal(condition.value) is None:
            return [_("%(where)s: de vergelijkingswaarde moet een getal zijn.") % {"where": where}]
    elif not condition.values():
        return [_("%(where)s: geef de waarde waarmee vergeleken wordt.") % {"where": where}]
    return []


def _check_calculation(f, earlier, where):
    errors = []
    operands = operand_names(f)
    operation = f.options.get("operation")
    if operation == PERCENTAGE:
        if len(operands) != 1:
            errors.append(
                _("%(where)s: een percentage wordt van precies één veld berekend.")
                % {"where": where}
            )
        percentage = to_decimal(f.options.get("percentage"))
        if percentage is None:
            errors.append(_("%(where)s: vul het percentage in.") % {"where": where})
        elif percentage < 0:
            errors.append(_("%(where)s: een percentage kan niet negatief zijn.") % {"where": where})
    elif len(operands) < 2:
        errors.append(
            _("%(where)s: een som of product heeft minstens twee velden nodig.") % {"where": where}
        )
    for name in operands:
        target = earlier.get(name)
        if target is None:
            errors.append(
                _("%(where)s: de berekening gebruikt '%(name)s', dat geen eerder veld is.")
                % {"where": where, "name": name}
            )
        elif target.type not in NUMERIC_TYPES:
            errors.append(
                _("%(where)s: de berekening gebruikt '%(name)s', dat geen getal of bedrag is.")
                % {"where": where, "name": name}
            )
    return errors
