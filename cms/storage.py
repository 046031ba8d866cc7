"""The one private storage: files about pupils, never under ``MEDIA_ROOT``.

A callable (not the storage itself) so that migrations refer to this one function.
Django evaluates a ``FileField``'s storage callable once, when the model class is
built, so the callable returns a small proxy that looks ``storages["private"]`` up on
every use: swapping ``STORAGES["private"]`` (folders, S3; in settings or in a test)
reaches every private ``FileField`` without touching the models.
"""

from django.core.files.storage import Storage, storages


class PrivateStorage(Storage):
    """Every attribute comes from the configured ``storages["private"]``."""

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["private"], name)

    def __eq__(self, other):
        return isinstance(other, PrivateStorage)

    def __hash__(self):
        return hash(PrivateStorage)


_PRIVATE = PrivateStorage()


def private_storage():
    return _PRIVATE
