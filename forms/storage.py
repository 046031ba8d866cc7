"""A django-formtools wizard storage that keeps the wizard state in a ``FormDraft`` row.

formtools' own storages keep the state in the session or a cookie, which is lost
on logout, session expiry or another computer. This one reads and writes the same
structure (current step, step data, extra data) to the user's draft for the form.
Uploaded files are not kept through formtools' temporary file mechanism but as
``FormDraftFile`` rows in private storage (see ``forms.views``), so
``step_files`` stays empty.
"""

from formtools.wizard.storage.base import BaseStorage


class DraftStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None, draft=None):
        super().__init__(prefix, request, file_storage)
        self.draft = draft
        self.deleted = False
        self.dirty = False
        stored = dict(draft.data or {}) if draft is not None else {}
        self.init_data()
        for key in (self.step_key, self.step_data_key, self.step_files_key, self.extra_data_key):
            if key in stored:
                self._data[key] = stored[key]

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

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, cleaned_data)
        self.dirty = True

    def drop_steps(self, keys):
        """Forget the data of steps that are no longer shown."""
        for key in keys:
            if self._data[self.step_data_key].pop(key, None) is not None:
                self.dirty = True

    def save(self):
        if self.draft is None or self.deleted or not self.dirty:
            return
        self.draft.data = self._data
        self.draft.current_step = self._data[self.step_key] or ""
        self.draft.save(update_fields=["data", "current_step", "updated_at"])
        self.dirty = False

    def update_response(self, response):
        self.save()
        super().update_response(response)
