"""The one exception every refused loket action raises."""


class TransitionError(Exception):
    """A refused action; ``message`` is Dutch and safe to show to the user."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.message = message
        self.status = status
