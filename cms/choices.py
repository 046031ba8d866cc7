"""A choice's label without Django's per-call cost."""


def choice_label(choices, value):
    """The label of ``value`` in the ``TextChoices``/``IntegerChoices`` class ``choices``.

    What ``get_FOO_display()`` returns (the value itself when it is no choice), but with
    one enum lookup: Django's version builds a dictionary of all choices, translating
    every label, each time it is called.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value
