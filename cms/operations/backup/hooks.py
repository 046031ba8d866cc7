"""What other apps do around a restore, without ``cms`` knowing them.

A restore replaces the whole database with an older copy. Whatever happened since that
copy and must not be undone (a purge: a dossier deleted for good) has to be read from the
live database *before* it is replaced and applied again *after*. Each entry of
``restore_hooks`` is a ``RestoreHook``: ``before()`` runs on the live database (which may
be empty or of an older schema) and returns what it needs to remember, with no personal
data; ``after(remembered)`` runs on the restored, migrated database and returns lines for
the operator. The loket registers its purge journal here (``loket.privacy.retention.journal``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from accounts.registry import Registry


@dataclass(frozen=True)
class RestoreHook:
    before: Callable[[], object]
    after: Callable[[object], list]


restore_hooks = Registry("restore: what other apps re-apply after a restore")
