"""The one private storage: files about pupils, never under ``MEDIA_ROOT``.

A callable (not the storage itself) so that a ``FileField`` resolves it on use:
tests and deployments swap the backend through ``STORAGES["private"]`` in
settings, and migrations refer to this one function.
"""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
