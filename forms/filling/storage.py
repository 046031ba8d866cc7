"""A django-formtools wizard storage that keeps the wizard state in a ``FormDraft`` row.

formtools' own storages keep the state in the session or a cookie, which is lost
on logout, session expiry or another computer. This one reads and writes the same
structure (current step, step data, extra data) to the user's draft for the form.
Uploaded files are not kept through formtools' temporary file mechanism but as
``FormDraftFile`` rows in private storage (see ``forms.views``), so
``step_files`` stays empty.

Two tabs on one draft must not lose each other's answers, so ``save`` never
writes back the whole JSON it read at the start of the request: under a row lock
it re-reads the draft and writes only the steps this request changed (merge per
step). Each step has a version; a save that says which version it was based on
(the wizard posts it) is refused with ``StepChangedElsewhere`` when another save
of that step came in between, instead of silently replacing it.

The same save keeps the draft's list facts up to date: the title of the step it
is at, its name (``label``, when the request set one) and who edited it last.
"""

from django.db import transaction
from django.utils import timezone
from formtools.wizard.storage.base import BaseStorage

from cms.security.textinput import clean_json

VERSIONS_KEY = "step_versions"


class StepChangedElsewhere(Exception):
    def __init__(self, step, version):
        super().__init__(step)
        self.step = step
        self.version = version


class DraftStorage(BaseStorage):
    def __init__(
        self, prefix, request=None, file_storage=None, draft=None, step_titles=None, editor=None
    ):
        super().__init__(prefix, request, file_storage)
        self.draft = draft
        self.step_titles = step_titles  # step key -> title, for the draft's "bij stap"
        self.editor = editor  # who makes this request's changes
        self.label = None  # a new name for the draft (None: keep it)
        self.deleted = False
        self.dirty = False
        stored = dict(draft.data or {}) if draft is not None else {}
        self.init_data()
        for key in (self.step_key, self.step_data_key, self.step_files_key, self.extra_data_key):
            if key in stored:
                self._data[key] = stored[key]
        self.versions = dict(stored.get(VERSIONS_KEY) or {})
        self.touched = set()  # steps whose data this request set or dropped
        self.expected = {}  # step -> the version the posted data was based on
        # Only a change is written back: a GET that shows the step the draft is at
        # writes nothing.
        self.dirty = draft is None or not stored

    def init_data(self):
        self._data = {
            self.step_key: None,
            self.step_data_key: {},
            self.step_files_key: {},
            self.extra_data_key: {},
        }
        self.dirty = True

    def _get_data(self):
        return self._data

    def _set_data(self, value):
        self._data = value
        self.dirty = True

    data = property(_get_data, _set_data)

    def _set_current_step(self, step):
        if self._data[self.step_key] != step:
            self.dirty = True
        self._data[self.step_key] = step

    def _set_extra_data(self, extra_data):
        if self._data[self.extra_data_key] != extra_data:
            self.dirty = True
        self._data[self.extra_data_key] = extra_data

    def step_version(self, step):
        return self.versions.get(step, 0)

    def set_step_data(self, step, cleaned_data, based_on=None):
        """Keep ``cleaned_data`` for ``step``; ``based_on`` is the step version the
        user's page showed (None: do not check)."""
        super().set_step_data(step, cleaned_data)
        self.touched.add(step)
        if based_on is not None:
            self.expected[step] = based_on
        self.dirty = True

    def drop_steps(self, keys):
        """Forget the data of steps that are no longer shown."""
        for key in keys:
            if self._data[self.step_data_key].pop(key, None) is not None:
                self.touched.add(key)
                self.dirty = True

    def save(self):
        """Merge this request's changes into the draft as it is now (see module docstring)."""
        if self.draft is None or self.deleted or not self.dirty:
            return
        model = type(self.draft)
        with transaction.atomic():
            fresh = (
                model.objects.select_for_update()
                .filter(pk=self.draft.pk)
                .values_list("data", flat=True)
                .first()
            )
            if fresh is None:  # submitted or deleted in the meantime
                self.deleted = True
                return
            fresh = dict(fresh or {})
            versions = dict(fresh.get(VERSIONS_KEY) or {})
            for step, based_on in self.expected.items():
                if versions.get(step, 0) != based_on:
                    self.expected.clear()
                    raise StepChangedElsewhere(step, versions.get(step, 0))
            step_data = dict(fresh.get(self.step_data_key) or {})
            mine = self._data[self.step_data_key]
            for step in self.touched:
                if step in mine:
                    step_data[step] = mine[step]
                else:
                    step_data.pop(step, None)
                versions[step] = versions.get(step, 0) + 1
            merged = clean_json(
                {
                    self.step_key: self._data[self.step_key],
                    self.step_data_key: step_data,
                    self.step_files_key: {},
                    self.extra_data_key: self._data[self.extra_data_key],
                    VERSIONS_KEY: versions,
                }
            )
            current_step = merged[self.step_key] or ""
            now = timezone.now()
            updates = {"data": merged, "current_step": current_step, "updated_at": now}
            if self.step_titles is not None:
                updates["step_title"] = str(self.step_titles.get(current_step, ""))[:255]
            if self.touched and self.editor is not None:
                updates["last_edited_by"] = self.editor
                updates["last_edited_at"] = now
            if self.label is not None:
                updates["label"] = self.label
            model.objects.filter(pk=self.draft.pk).update(**updates)
        for name, value in updates.items():
            setattr(self.draft, name, value)
        self.label = None
        self._data[self.step_data_key] = step_data
        self.versions = versions
        self.touched.clear()
        self.expected.clear()
        self.dirty = False

    def update_response(self, response):
        self.save()
        super().update_response(response)
