"""Files in storage that no row refers to: found, and on request removed.

A file can be left behind without its row: a crash between storing a file and saving
its row, a delete from before ``cms.files.deletion`` retried, a restore, a waiting
import nobody confirmed (``accounts.imports.waiting``). ``orphans`` lists both storages
(``default``: media, Wagtail images, renditions and documents; ``private``: pupil files)
and compares them with every name any ``FileField`` of any installed model holds
(``cms.operations.backup.snapshot.file_fields``: introspected, so an ``ImageField``, a Wagtail
rendition or a model added later counts without an entry here). Names waiting in
``PendingFileDeletion`` belong to that queue and are left to it.

A file younger than the grace period is never an orphan: its row may not be committed
yet (an upload in flight), or a waiting import is still between preview and
confirmation. The storage is listed *before* the rows are read, so a row committed in
between still protects its file.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.utils import timezone

from cms.files.deletion import ALIASES, delete_on_commit
from cms.models import PendingFileDeletion
from cms.operations.backup.snapshot import file_fields

DEFAULT_GRACE_HOURS = 24


def grace():
    return datetime.timedelta(
        hours=getattr(settings, "FILE_SWEEP_GRACE_HOURS", DEFAULT_GRACE_HOURS)
    )


def stored_names(storage, path=""):
    """Every file name under ``path`` of ``storage``, depth first."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:
        return
    prefix = f"{path}/" if path else ""
    for name in files:
        yield f"{prefix}{name}"
    for folder in folders:
        yield from stored_names(storage, f"{prefix}{folder}")


def referenced_names():
    """``{alias: set(names)}`` that rows refer to, or that the deletion queue holds."""
    found = {alias: set() for alias in ALIASES}
    for model, field, alias in file_fields():
        names = (
            model._base_manager.exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .values_list(field.attname, flat=True)
        )
        found[alias].update(names)
    for alias, name in PendingFileDeletion.objects.values_list("storage", "name"):
        found.setdefault(alias, set()).add(name)
    return found


def orphans(now=None, grace_period=None):
    """``{alias: [names]}``: files no row refers to and older than the grace period."""
    from django.core.files.storage import storages

    now = now or timezone.now()
    cutoff = now - (grace() if grace_period is None else grace_period)
    listed = {alias: list(stored_names(storages[alias])) for alias in ALIASES}
    known = referenced_names()
    found = {}
    for alias, names in listed.items():
        storage = storages[alias]
        found[alias] = []
        for name in names:
            if name in known.get(alias, ()):
                continue
            try:
                modified = storage.get_modified_time(name)
            except (OSError, NotImplementedError):
                continue  # cannot tell its age: keep it
            if modified < cutoff:
                found[alias].append(name)
    return found


def folders(names):
    """Counts per top folder: what a report may show (a name may hold an upload name)."""
    return Counter(name.split("/", 1)[0] if "/" in name else "(hoofdmap)" for name in names)


def sweep(now=None, grace_period=None, execute=False):
    """Find the orphans; with ``execute`` hand them to the retried deletion queue."""
    found = orphans(now, grace_period)
    if execute:
        for alias, names in found.items():
            delete_on_commit(alias, names)
    return found
