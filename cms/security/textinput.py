"""Which characters the portal accepts in text, in one place.

PostgreSQL refuses NUL in text and in ``jsonb``, and a lone surrogate cannot be
encoded for the database at all: both used to surface as a server error (500)
wherever a posted value reached a query. Other control characters do not break
the database but have no business in what people type (they hide text, confuse
exports and logs). Tab, line feed and carriage return stay allowed: multi-line
fields need them and they harm nothing in single-line ones.

``cms.security.middleware.InputCheckMiddleware`` applies these rules to every request
(query string, form fields, cookies), so no view, form or admin screen has to
remember them; ``clean_json`` is the second line for JSON we store ourselves.
"""

import re

from django.utils.translation import gettext_lazy as _

# C0 controls except \t \n \r, DEL, C1 controls, and lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

MESSAGE = _(
    "Je invoer bevat tekens die niet zijn toegestaan, zoals een NUL-teken of een ander "
    "stuurteken. Haal die tekens weg en probeer het opnieuw."
)


def has_forbidden(value):
    return isinstance(value, str) and FORBIDDEN.search(value) is not None


def strip_forbidden(value):
    return FORBIDDEN.sub("", value)


def clean_json(value):
    """``value`` (a JSON structure) with forbidden characters removed from every string."""
    if isinstance(value, str):
        return strip_forbidden(value)
    if isinstance(value, dict):
        return {clean_json(key): clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(item) for item in value]
    return value


def querydict_has_forbidden(querydict):
    """True when any key or value of a ``QueryDict`` holds a forbidden character."""
    for key, values in querydict.lists():
        if has_forbidden(key) or any(has_forbidden(v) for v in values):
            return True
    return False
