"""Field roles: what an answer means to the app that receives the submission.

An app registers the roles it reads (``field_roles.register(key, FieldRole(...))``);
a formulierbeheerder picks at most one role per field in the page editor. The
role is kept in the form definition and in the labels snapshot stored with every
submission, so an app reads answers by role - ``answer_for_role(submission,
"totaalbedrag")`` - and an editor may rename a field without breaking it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .registry import Registry


@dataclass(frozen=True)
class FieldRole:
    label: str
    # Field types (keys of ``forms.fieldtypes.field_types``) the role fits; empty = any.
    field_types: frozenset = frozenset()
    # At most one field with this role per form (a marker role may be on many).
    unique: bool = True
    # draft_label(answer) -> str: the answer of this role names a draft in lists,
    # so a user tells several drafts of one form apart (``forms.filling.drafts``).
    draft_label: Callable | None = None


field_roles = Registry("form field roles")


def role_choices():
    """Choices of the role picker in the page editor (evaluated when the editor renders)."""
    return [(key, str(role.label)) for key, role in field_roles]


def check_roles(fields_with_place):
    """Dutch problems with the roles of ``[(where, FieldDef)]``: unknown, wrong type, twice."""
    errors = []
    first = {}
    for where, f in fields_with_place:
        if not f.role:
            continue
        role = field_roles.get(f.role)
        if role is None:
            errors.append(
                _("%(where)s: de rol '%(role)s' bestaat niet.") % {"where": where, "role": f.role}
            )
            continue
        if role.field_types and f.type not in role.field_types:
            errors.append(
                _("%(where)s: de rol '%(role)s' past niet bij dit soort veld.")
                % {"where": where, "role": role.label}
            )
        if role.unique and f.role in first:
            errors.append(
                _("%(where)s: de rol '%(role)s' is al gegeven aan het veld '%(other)s'.")
                % {"where": where, "role": role.label, "other": first[f.role]}
            )
        first.setdefault(f.role, f.name)
    return errors


def fields_by_role(labels):
    """``{role: [field name, ...]}`` from a labels snapshot, in form order."""
    result = {}
    for step in labels or []:
        roles = step.get("roles") or {}
        for label in step.get("fields", []):
            role = roles.get(label.get("name"))
            if role:
                result.setdefault(role, []).append(label["name"])
    return result


def answers_by_role(source):
    """``{role: answer}`` (a list of answers for a non-unique role) of a submission.

    ``source`` has ``labels`` (the snapshot of the revision it was made against)
    and ``answers``: a submission, or a copy of both such as an app's own record.
    Unanswered fields are left out.
    """
    labels = getattr(source, "labels", None) or []
    return answers_for_labels(labels, getattr(source, "answers", None) or {})


def answers_for_labels(labels, answers):
    result = {}
    for role_key, names in fields_by_role(labels).items():
        values = [answers[name] for name in names if name in answers]
        if not values:
            continue
        role = field_roles.get(role_key)
        result[role_key] = values if role is not None and not role.unique else values[0]
    return result


def answer_for_role(source, role, default=None):
    """The answer of the field with ``role`` (unique roles), else ``default``."""
    return answers_by_role(source).get(role, default)


def draft_label(fields, answers):
    """The name a draft gets from ``answers`` (field name -> answer) of ``fields``
    (``FieldDef``s): the first field whose role has a ``draft_label``; else None
    when none of ``fields`` has such a role (the draft keeps the name it has)."""
    found = False
    for f in fields:
        role = field_roles.get(f.role) if f.role else None
        if role is None or role.draft_label is None:
            continue
        found = True
        value = answers.get(f.name)
        if value not in (None, "", {}, []):
            text = str(role.draft_label(value) or "").strip()
            if text:
                return text[:200]
    return "" if found else None
