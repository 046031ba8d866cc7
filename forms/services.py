"""What happens to drafts and submissions: the engine's business rules.

Views call these; nothing here knows about HTTP.
"""

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.files.storage import StorageUnavailable
from cms.operations import outbox
from forms.filling.cleanup import delete_files_on_commit
from forms.filling.drafts import parse_key
from forms.filling.widgets import UploadField
from forms.uploads.files import store_upload

from . import audiences, fillers
from .handoff import hand_off
from .models import FormDraft, FormDraftFile, FormSubmission, FormSubmissionFile
from .tasks import notify_submission

logger = logging.getLogger(__name__)


def may_fill_in(user):
    """Logged-in, two-factor verified users whom a registered filler policy lets fill in."""
    return fillers.may_fill_in(user)


def start_draft(user, page, organisation, title="", key=None):
    """A new draft of ``page`` for ``organisation``, on the live revision.

    ``key`` is the one-time key the start page carried: a second click on
    "Beginnen" (same key) returns the draft the first click made instead of a
    second one. An unknown, foreign or used key is ignored (a fresh key).
    """
    organisations = fillers.organisations_of(user)
    if not organisations.filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if not audiences.allows(page, organisation):
        raise PermissionDenied
    key = _fresh_key(key, page, organisations)
    if isinstance(key, FormDraft):
        return key
    revision = page.live_revision or page.latest_revision or page.save_revision()
    now = timezone.now()
    try:
        with transaction.atomic():
            return FormDraft.objects.create(
                key=key,
                user=user,
                page=page,
                revision=revision,
                organisation=organisation,
                title=(title or "").strip()[:100],
                last_edited_by=user,
                last_edited_at=now,
            )
    except IntegrityError:  # the same key posted twice at once: the other request won
        existing = FormDraft.objects.filter(key=key, page=page).first()
        if existing is None:
            raise
        return existing


def _fresh_key(key, page, organisations):
    """The key for a new draft, or the existing draft a repeated click means."""
    key = parse_key(key) if key else None
    if key is None:
        return uuid.uuid4()
    existing = FormDraft.objects.filter(key=key).first()
    if existing is not None:
        if (
            existing.page_id == page.pk
            and organisations.filter(pk=existing.organisation_id).exists()
        ):
            return existing
        return uuid.uuid4()
    if FormSubmission.objects.filter(key=key).exists():
        return uuid.uuid4()
    return key


def keep_step_uploads(draft, step, form):
    """Store new uploads (and drop removed files) of every upload field of a wizard
    step's ``form`` that is valid, even when another field of the step is not, so the
    user never uploads twice. ``(kept, complete)``: each stored field's files now, and
    False when the storage could not be reached for a field; that field then carries
    the Dutch message as its error and keeps its earlier files."""
    kept, complete = {}, True
    cleaned = getattr(form, "cleaned_data", {})
    for name, form_field in form.fields.items():
        if not isinstance(form_field, UploadField) or name in form.errors or name not in cleaned:
            continue
        value = cleaned[name]
        if not value["new"] and not value["removed"]:
            continue
        try:
            with transaction.atomic():
                delete_files(value["removed"])
                added = [
                    store_upload(FormDraftFile, upload, draft=draft, step=step, field_name=name)
                    for upload in value["new"]
                ]
        except StorageUnavailable as unavailable:
            form.add_error(name, str(unavailable))
            complete = False
            continue
        form_field.set_existing(value["kept"] + added)
        kept[name] = value["kept"] + added
    return kept, complete


def delete_files(rows):
    """Remove draft file rows and (after commit) their stored files."""
    names = [row.file.name for row in rows]
    FormDraftFile.objects.filter(pk__in=[row.pk for row in rows]).delete()
    delete_files_on_commit(names)


class HandOffFailed(Exception):
    """A submission handler raised; the submission was rolled back, the draft kept."""


class HandOffRefused(Exception):
    """The submission handler refused the submission with a reason for the user
    (a ``ValidationError``); rolled back like a failure, but answered with a 4xx."""

    def __init__(self, messages):
        super().__init__("hand-off refused")
        self.messages = messages


class AlreadySubmitted(Exception):
    def __init__(self, submission):
        super().__init__("already submitted")
        self.submission = submission


def submit(draft, definition, answers, visible_steps, file_fields, user=None):
    """Turn a draft into exactly one ``FormSubmission`` and hand it off.

    ``user`` submits (by default the one who started the draft; a colleague of
    the same organisation may finish it) and becomes the submission's user.

    The draft row is locked and deleted in the same transaction, and the
    submission's key is the draft's key (unique), so a double click, the back
    button or a second tab can never create a second submission. Files of
    visible upload fields move from the draft to the submission (same stored
    file, new row); files of hidden fields are removed.
    """
    with transaction.atomic():
        locked = FormDraft.objects.select_for_update().filter(pk=draft.pk).first()
        if locked is None:
            existing = FormSubmission.objects.filter(key=draft.key).first()
            raise AlreadySubmitted(existing)
        user = user or draft.user
        if not fillers.organisations_of(user).filter(pk=draft.organisation_id).exists():
            raise PermissionDenied
        page = draft.form_page()
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(
                    key=draft.key,
                    page_id=draft.page_id,
                    revision=draft.revision,
                    user=user,
                    organisation=draft.organisation,
                    form_title=page.title,
                    handoff=page.handoff,
                    answers=answers,
                    labels=definition.labels(visible_steps),
                )
        except IntegrityError:
            raise AlreadySubmitted(FormSubmission.objects.filter(key=draft.key).first()) from None
        moved, dropped = [], []
        for row in draft.files.all():
            if (row.step, row.field_name) in file_fields:
                moved.append(
                    FormSubmissionFile(
                        submission=submission,
                        field_name=row.field_name,
                        file=row.file.name,
                        original_name=row.original_name,
                        content_type=row.content_type,
                        size=row.size,
                        sha256=row.sha256,
                    )
                )
            else:
                dropped.append(row.file.name)
        FormSubmissionFile.objects.bulk_create(moved)
        # Delete through a queryset so ``draft`` keeps its pk if the hand-off fails
        # and everything is rolled back.
        FormDraft.objects.filter(pk=draft.pk).delete()
        delete_files_on_commit(dropped)
        try:
            with transaction.atomic():
                hand_off(submission)
        except ValidationError as refusal:
            # The receiver refuses this submission (e.g. an evaluation answered in
            # another tab meanwhile): not a failure, a Dutch answer; nothing is kept.
            transaction.set_rollback(True)
            raise HandOffRefused(refusal.messages) from None
        except Exception as exc:
            # Log the kind of failure only: no answers, names or files.
            logger.exception("Overdracht van inzending %s mislukt.", submission.key)
            transaction.set_rollback(True)
            raise HandOffFailed from exc
        if page.notify_email_list():
            transaction.on_commit(lambda: outbox.enqueue(notify_submission, submission.pk))
    return submission


def delete_submission(submission):
    """Delete a submission and (after commit) its stored files; for the loket's retention."""
    names = list(submission.files.values_list("file", flat=True))
    submission.delete()
    delete_files_on_commit(names)


def forget_submission_content(submission):
    """Empty a submission an app has taken over: answers, labels and files go, the
    row stays as proof of submitting (key, form, user, organisation, moment) so the
    confirmation page and the one-submission-per-draft rule keep working."""
    names = list(submission.files.values_list("file", flat=True))
    submission.files.all().delete()
    FormSubmission.objects.filter(pk=submission.pk).update(answers={}, labels=[])
    delete_files_on_commit(names)
