"""Hand-off of a finished form submission to whoever turns it into something.

The form engine knows no app that uses it (see DESIGN.md: dependencies point one
way). An app registers a ``HandOff`` under a key in ``handoffs``, usually in its
``AppConfig.ready()``; a form page names one of those keys (its ``handoff``
field, choices from this registry). The engine calls ``hand_off(submission)``
inside the transaction that stores the submission, so a failing handler - or a
key nobody registered - rolls the submission back and the user's draft stays.
A page without a key only stores its submissions.

``handle(submission)`` receives a ``forms.models.FormSubmission`` with at least:
``page`` (the form page), ``revision`` (the ``wagtailcore.Revision`` it was made
against), ``user``, ``organisation`` (``accounts.Organisation``), ``handoff``
(the key), ``answers`` (dict field name -> JSON value; a compound field type is a
dict of its parts), ``labels`` (snapshot:
``[{"key", "title", "fields": [{"name", "label", "type", "role"?}]}]``; read
answers by field role with ``forms.fieldroles.answers_by_role``), ``files``
(related manager of stored files: ``field_name``, ``file`` in the private
storage, ``original_name``, ``content_type``, ``size``, ``sha256``) and
``submitted_at``.

``describe(submission)`` (optional) returns ``{"reference": str, "url": str}`` or
``None``: the confirmation page links to that url and the notification e-mail
names the reference. Optional keys for the confirmation's "what happens next":
``handler`` (who handles it, a phrase) and ``next_steps`` (one sentence).

``listed=False``: the app starts the drafts of such a form itself, from one of its own
records (``services.start_draft``), because a submission means nothing without it. The
list of forms leaves the page out and the page itself starts no draft: it shows
``start_hint`` (a Dutch sentence: where to open the form) with a 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class HandOff:
    label: str
    handle: Callable
    describe: Callable | None = None
    listed: bool = True
    start_hint: str = ""


handoffs = Registry("form hand-offs")


def handoff_choices():
    """Choices of the form page's ``handoff`` field: "none" plus every registered key."""
    return [("", "Geen (alleen bewaren)"), *handoffs.choices()]


def unlisted(page):
    """The hand-off of ``page`` if it is one whose drafts the app starts, else ``None``."""
    entry = handoffs.get(page.handoff) if page.handoff else None
    return entry if entry is not None and not entry.listed else None


def hand_off(submission):
    """Pass a stored submission to the hand-off its page chose; ``None`` without one."""
    if not submission.handoff:
        return None
    return handoffs[submission.handoff].handle(submission)


def describe_result(submission):
    """What the submission's hand-off says it made of it, else ``None``."""
    entry = handoffs.get(submission.handoff) if submission.handoff else None
    if entry is None or entry.describe is None:
        return None
    return entry.describe(submission) or None
