"""Keyed registries: how other apps plug into the form engine.

Modelled on a plugin registry (Open Forms' ``registrations`` registry): an app
registers an entry under a unique key, usually from its ``AppConfig.ready()``;
the engine looks entries up by key. A duplicate key is a programming error and
fails loudly at start-up; an unknown key raises ``UnknownKey`` (a ``KeyError``)
naming the registry and the keys it does know, so a typo or a missing app is
found at once instead of silently doing nothing.

Tests swap entries with ``registry.override(key, entry)`` (a context manager),
which restores the previous state afterwards.
"""

from contextlib import contextmanager


class DuplicateKey(ValueError):
    """A key was registered twice in the same registry."""


class UnknownKey(KeyError):
    """A key that no app registered."""


class Registry:
    """Entries by unique key, in registration order.

    ``register(key, entry)`` registers directly; ``register(key)`` returns a
    decorator that registers the decorated object and returns it unchanged.
    """

    def __init__(self, name):
        self.name = name
        self._entries = {}

    def __repr__(self):
        return f"<Registry {self.name}: {', '.join(self._entries) or '-'}>"

    def register(self, key, entry=None):
        if entry is None:

            def decorator(obj):
                self.register(key, obj)
                return obj

            return decorator
        if not key or not isinstance(key, str):
            raise ValueError(f"{self.name}: a key must be a non-empty string, not {key!r}")
        if key in self._entries:
            raise DuplicateKey(f"{self.name}: the key {key!r} is already registered")
        self._entries[key] = entry
        return entry

    def unregister(self, key):
        if key not in self._entries:
            raise UnknownKey(self._unknown_message(key))
        del self._entries[key]

    def _unknown_message(self, key):
        known = ", ".join(self._entries) or "none"
        return f"{self.name}: unknown key {key!r} (registered: {known})"

    def __getitem__(self, key):
        try:
            return self._entries[key]
        except KeyError:
            raise UnknownKey(self._unknown_message(key)) from None

    def get(self, key, default=None):
        return self._entries.get(key, default)

    def __contains__(self, key):
        return key in self._entries

    def __iter__(self):
        return iter(list(self._entries.items()))

    def __len__(self):
        return len(self._entries)

    def keys(self):
        return list(self._entries)

    def values(self):
        return list(self._entries.values())

    def choices(self):
        """``[(key, label)]`` for a form or admin field; an entry's ``label`` if it has one."""
        return [(key, str(getattr(entry, "label", key))) for key, entry in self._entries.items()]

    @contextmanager
    def override(self, key, entry):
        """Register ``entry`` under ``key`` for the duration of a ``with`` block (tests).

        Replaces an existing entry or adds a new one; the previous state is restored
        afterwards, also when the block raises.
        """
        saved = dict(self._entries)
        self._entries[key] = entry
        try:
            yield entry
        finally:
            self._entries.clear()
            self._entries.update(saved)
