"""What goes when a draft goes: its row, then (once committed) its stored files.

The lower layer of ``forms.services``, which builds on it (a submission's files go the
same way), and of the daily clean-up (``forms.tasks.cleanup_form_drafts``,
``manage.py cleanup_form_drafts``): drafts untouched for ``FORMS_DRAFT_RETENTION_DAYS``
days, and stored draft files whose row is gone. Files are deleted only after the commit,
so a rolled-back deletion never leaves a row without its file.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms.files.deletion import delete_on_commit
from forms.models import FormDraft, FormDraftFile, FormSubmissionFile

logger = logging.getLogger(__name__)

DEFAULT_DRAFT_RETENTION_DAYS = 30


def delete_draft(draft):
    """Delete a draft and, once that is committed, its files."""
    names = list(draft.files.values_list("file", flat=True))
    draft.delete()
    delete_files_on_commit(names)


def delete_files_on_commit(names):
    """After the commit, retried until the storage confirms (``cms.files.deletion``)."""
    delete_on_commit("private", names)


def cleanup_abandoned_drafts(now=None, days=None):
    """Delete drafts untouched for ``FORMS_DRAFT_RETENTION_DAYS`` days, and their files.

    Also removes stored draft files whose row is gone (e.g. a crash between
    storing a file and saving its row). Returns the number of drafts deleted.
    """
    now = now or timezone.now()
    days = (
        days
        if days is not None
        else getattr(settings, "FORMS_DRAFT_RETENTION_DAYS", DEFAULT_DRAFT_RETENTION_DAYS)
    )
    cutoff = now - datetime.timedelta(days=days)
    count = 0
    for draft in FormDraft.objects.filter(updated_at__lt=cutoff).iterator():
        with transaction.atomic():
            delete_draft(draft)
        count += 1
    _remove_orphan_draft_files(cutoff)
    return count


def _remove_orphan_draft_files(cutoff):
    storage = FormDraftFile._meta.get_field("file").storage
    root = "formulieren/concepten"
    try:
        folders, _ = storage.listdir(root)
    except (FileNotFoundError, NotImplementedError):
        return
    live_keys = {str(k) for k in FormDraft.objects.values_list("key", flat=True)}
    known = set(FormDraftFile.objects.values_list("file", flat=True))
    for folder in folders:
        path = f"{root}/{folder}"
        _, files = storage.listdir(path)
        for name in files:
            full = f"{path}/{name}"
            if full in known or folder in live_keys:
                continue
            if FormSubmissionFile.objects.filter(file=full).exists():
                continue
            try:
                modified = storage.get_modified_time(full)
            except (OSError, NotImplementedError):
                continue
            if modified < cutoff:
                storage.delete(full)
