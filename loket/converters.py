"""The kenmerk in loket URLs.

Anything but ``nieuw``: ``/loket/aanvragen/nieuw/...`` belongs to the form pages
in the Wagtail page tree, which must not be shadowed by the aanvraag URL.
"""


class ReferenceConverter:
    regex = r"(?!nieuw/)[A-Za-z0-9-]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
