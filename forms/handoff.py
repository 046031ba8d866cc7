"""Hand-off of a finished form submission to whoever turns it into something.

The form engine knows nothing of the loket (see DESIGN.md: dependencies point one
way). The loket registers a handler in its ``AppConfig.ready()``; the engine
calls ``hand_off(submission)`` inside the transaction that stores the submission,
so a failing handler rolls the submission back and the user's draft stays.

A handler receives a ``forms.models.FormSubmission`` with at least:
``page`` (the form page), ``revision`` (the ``wagtailcore.Revision`` it was made
against), ``user``, ``school`` (``accounts.Organisation``), ``aanvraag_type``
(a ``forms.types.AanvraagType`` code), ``answers`` (dict field name → JSON value;
a leerling field is ``{"naam", "geboortedatum" (ISO date), "groep"}``),
``labels`` (snapshot: ``[{"title", "fields": [{"name", "label", "type"}]}]``),
``files`` (related manager of stored files: ``field_name``, ``file`` in the
private storage, ``original_name``, ``content_type``, ``size``, ``sha256``) and
``submitted_at``.

What a handler made of a submission can be described back to the engine with
``register_result_describer(describe)``: ``describe(submission)`` returns
``{"reference": str, "url": str}`` (or ``None``). The confirmation page links to
that url and the notification e-mail names the reference.
"""

_handlers = []
_describers = []


def register_submission_handler(handler):
    """Register ``handler(submission)``; usable as a decorator. Idempotent."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def unregister_submission_handler(handler):
    if handler in _handlers:
        _handlers.remove(handler)


def hand_off(submission):
    """Pass a stored submission to every registered handler, in registration order."""
    results = []
    for handler in list(_handlers):
        results.append(handler(submission))
    return results


def register_result_describer(describe):
    """Register ``describe(submission) -> {"reference", "url"} | None``. Idempotent."""
    if describe not in _describers:
        _describers.append(describe)
    return describe


def describe_result(submission):
    """What the first describer that knows this submission says about it, else ``None``."""
    for describe in list(_describers):
        result = describe(submission)
        if result:
            return result
    return None
