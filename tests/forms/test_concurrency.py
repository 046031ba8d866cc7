"""Two simultaneous "Indienen" clicks on the same draft give one submission.

On both engines: PostgreSQL locks the draft row (``select_for_update``); SQLite's
test database is a file (cms/settings/test.py), so the second ``BEGIN IMMEDIATE``
waits for the first to commit and then finds the draft gone - never "locked".
"""

import threading

import pytest
from django.db import connection

from devkit.clients import Wizard, login_verified
from forms import services
from forms.models import FormDraft, FormSubmission
from tests.forms.test_journey import LEERLING


# serialized_rollback: the page tree from the migrations is restored for this test
# even when another transactional test flushed the database before it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submits_create_one_submission(client, school_user, make_form):
    from tests.forms.test_journey import JOURNEY

    page = make_form(JOURNEY)
    login_verified(client, school_user)
    w = Wizard(client, page)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "nee"})
    draft_pk = w.draft().pk
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            draft = FormDraft.objects.select_related("revision").get(pk=draft_pk)
            definition = draft.form_page().definition()
            barrier.wait(timeout=10)
            services.submit(draft, definition, {"extra": False}, ["stap1"], set())
            outcomes.append("submitted")
        except services.AlreadySubmitted:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("submitted") == 1, outcomes
    assert sorted(outcomes) == ["already", "submitted"], outcomes
    assert FormSubmission.objects.count() == 1
    assert not FormDraft.objects.exists()
