"""A small keyed registry: the shape of every extension point ``accounts`` offers.

Other apps plug into ``accounts`` (their role grants, their reaction to a changed
membership) without ``accounts`` knowing them. Each entry has a unique key, so a
second registration under the same key is a mistake that fails loudly instead of
silently replacing or doubling an entry; an unknown key is an error that names the
keys there are; and tests swap an entry with :meth:`Registry.override`.
"""

from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


class Registry:
    def __init__(self, name):
        self.name = name
        self._entries = {}

    def register(self, key, value):
        if key in self._entries:
            raise ImproperlyConfigured(f"{self.name}: '{key}' is already registered.")
        self._entries[key] = value
        return value

    def unregister(self, key):
        self[key]  # an unknown key raises the clear error below
        del self._entries[key]

    def __getitem__(self, key):
        try:
            return self._entries[key]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise LookupError(f"{self.name}: no entry '{key}' (registered: {known}).") from None

    def __contains__(self, key):
        return key in self._entries

    def items(self):
        """The entries in the order they were registered (apps register in INSTALLED_APPS order)."""
        return list(self._entries.items())

    def values(self):
        return list(self._entries.values())

    @contextmanager
    def override(self, key, value):
        """Replace (or add) one entry for the duration of a ``with`` block; for tests."""
        previous = self._entries.get(key, _MISSING)
        self._entries[key] = value
        try:
            yield value
        finally:
            if previous is _MISSING:
                del self._entries[key]
            else:
                self._entries[key] = previous
