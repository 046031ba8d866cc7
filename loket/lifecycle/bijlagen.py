"""Storing uploaded files as private bijlagen of an aanvraag.

Every file goes through the form engine's upload pipeline (``forms.uploads.files``):
type judged on the whole content, images re-encoded, names made safe, the
optional virus scan. The loket only adds its own limits (settings
``LOKET_UPLOAD_MAX_SIZE_MB`` and ``LOKET_UPLOAD_MAX_FILES``) and turns a
refusal into a ``TransitionError`` (caller is in a transaction, so nothing is
half stored in the database); so is a storage that cannot be reached (503).
"""

from django.conf import settings
from django.utils.translation import gettext as _

from cms.files.storage import StorageUnavailable
from forms.uploads.files import Refused, accept_upload, store_upload
from loket.errors import TransitionError
from loket.models import Bijlage

ALLOWED_UPLOAD_TYPES = ("pdf", "docx", "xlsx", "png", "jpg")


def check_file_count(files):
    """Refuse more files in one aanvulling or terugkoppeling than the setting allows."""
    maximum = settings.LOKET_UPLOAD_MAX_FILES
    if len(files) > maximum:
        raise TransitionError(
            _("Je kunt maximaal %(max)s bestanden tegelijk toevoegen.") % {"max": maximum},
            status=400,
        )


def store_bijlage(aanvraag, uploaded, user, field_name, **links):
    """Store an uploaded file (Django ``UploadedFile`` or ``File``) as a private bijlage."""
    try:
        judged = accept_upload(uploaded, ALLOWED_UPLOAD_TYPES, settings.LOKET_UPLOAD_MAX_SIZE_MB)
    except Refused as refused:
        raise TransitionError(str(refused), status=400) from None
    try:
        return store_upload(
            Bijlage,
            judged,
            storage_name="bijlage",
            aanvraag=aanvraag,
            field_name=field_name,
            uploaded_by=user,
            **links,
        )
    except StorageUnavailable as unavailable:
        raise TransitionError(str(unavailable), status=503) from None
