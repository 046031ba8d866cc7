"""For whom a form is: a form page may be limited to *audiences* of organisations.

The engine knows no kinds of organisation; an app registers an ``Audience`` per group
of organisations it tells apart (the loket: one per type of its members), each with a predicate
on an ``accounts.Organisation``. A form page keeps the keys chosen in its settings
(``LoketFormPage.audiences``); none chosen means every organisation that fills in
forms. The limit is checked wherever a form is offered or filled in: the list of
forms, the start page (only the allowed organisations can be chosen), every request
of a draft (also resuming one) and ``services.start_draft``. The live page decides,
so narrowing a form also stops drafts already begun. A key no app registers any more
matches nobody: a limited form never opens up by a missing registration.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from .registry import Registry


@dataclass(frozen=True)
class Audience:
    label: str
    # matches(organisation) -> bool, on an ``accounts.Organisation`` already loaded.
    matches: Callable
    # The editor's field reads "Alleen voor <group>" when every audience shares it.
    group: str = ""


audiences = Registry("form audiences")


def _field_label():
    groups = {str(entry.group) for entry in audiences.values() if entry.group}
    if len(groups) == 1:
        return _("Alleen voor %(group)s") % {"group": groups.pop()}
    return _("Alleen voor")


class AudienceListField(models.JSONField):
    """A list of audience keys, edited as checkboxes with the registered audiences."""

    def formfield(self, **kwargs):
        return django_forms.MultipleChoiceField(
            choices=audiences.choices,
            required=False,
            widget=django_forms.CheckboxSelectMultiple,
            label=lazy(_field_label, str)(),
            help_text=self.help_text,
        )


def allows(page, organisation):
    """Whether ``organisation`` may fill in ``page`` (no limit chosen: yes)."""
    keys = list(getattr(page, "audiences", None) or [])
    if not keys:
        return True
    return any(key in audiences and audiences[key].matches(organisation) for key in keys)


def allowed(page, organisations):
    """The organisations of ``organisations`` (loaded) that may fill in ``page``."""
    return [organisation for organisation in organisations if allows(page, organisation)]


def labels(page):
    """The labels of the audiences ``page`` is limited to, for the page that says so."""
    return [str(audiences[key].label) for key in page.audiences or [] if key in audiences]
