"""The one exception every refused loket action raises."""


class TransitionError(Exception):
    """A refused action; ``message`` is Dutch and safe to show to the user."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


class Outcome:
    """What ``run_form_action`` did: ``done`` with the action's ``result``, or not,
    with the HTTP ``status`` the page is shown with (400 invalid, the refusal's own)."""

    def __init__(self, done=False, result=None, status=200):
        self.done = done
        self.result = result
        self.status = status


def run_form_action(request, form, action):
    """The loket's form pages in one place: on a valid POST run ``action(cleaned_data)``;
    a refused action puts its Dutch message on the form. GET shows the form (200)."""
    if request.method != "POST":
        return Outcome()
    if not form.is_valid():
        return Outcome(status=400)
    try:
        return Outcome(done=True, result=action(form.cleaned_data))
    except TransitionError as error:
        form.add_error(None, error.message)
        return Outcome(status=error.status)
