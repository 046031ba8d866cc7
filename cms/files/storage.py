"""The one private storage: files about pupils, never under ``MEDIA_ROOT``.

A callable (not the storage itself) so that migrations refer to this one function.
Django evaluates a ``FileField``'s storage callable once, when the model class is
built, so the callable returns a small proxy that looks ``storages["private"]`` up on
every use: swapping ``STORAGES["private"]`` (folders, S3; in settings or in a test)
reaches every private ``FileField`` without touching the models.

Also what an S3 server that cannot be reached means to the rest of the code
(``STORAGE_UNREACHABLE``): an upload refuses with ``StorageUnavailable`` (a Dutch
message on the form, everything else of it kept), and any other request that needs a
file answers a Dutch 503 (``cms.security.middleware.StorageOutageMiddleware``), never a 500.
"""

from botocore.exceptions import ConnectionError as S3ConnectionError
from botocore.exceptions import HTTPClientError
from django.core.files.storage import Storage, storages
from django.utils.translation import gettext_lazy as _

# An S3 server that cannot be reached: refused, timed out, the connection lost. Not
# an error S3 answers with (a missing object, a refused signature): those are bugs or
# 404s and stay what they are.
STORAGE_UNREACHABLE = (S3ConnectionError, HTTPClientError)


class StorageUnavailable(Exception):
    """Files cannot be stored or read now; the message is Dutch and safe to show."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Bestanden kunnen op dit moment niet worden opgeslagen of geopend. Probeer "
                "het over een paar minuten opnieuw; wat je al had bewaard, blijft bewaard."
            )
        )


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
