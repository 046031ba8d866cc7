"""The journey's end: back from the summary, a failed hand-off, one submission, its files."""

import pytest
from django.core.files.storage import storages

from devkit.clients import Wizard, login_verified, pdf
from forms.models import FormSubmission
from tests.forms.conftest import LEERLING


def test_change_from_the_summary_returns_to_it(client, school_user, journey_form):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "nee"})
    w.post("stap3", {"uren": "1", "tarief": "10", "akkoord": "on"})
    assert "Controleren en indienen</h2>" in w.current().content.decode()
    client.get(w.url + "?stap=stap1&van=overzicht")
    w.post("stap1", {**LEERLING, "leerling__naam": "Fien Anders", "extra": "nee"})
    html = w.current().content.decode()
    assert "Controleren en indienen</h2>" in html and "Fien Anders" in html
    # A change that shows a new step goes there first.
    client.get(w.url + "?stap=stap1&van=overzicht")
    w.post("stap1", {**LEERLING, "extra": "ja"})
    assert "Extra ondersteuning</h2>" in w.current().content.decode()


def test_a_failing_hand_off_keeps_the_draft(client, school_user, journey_form):
    from forms.handoff import HandOff, handoffs

    def broken(submission):
        raise RuntimeError("loket is stuk")

    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    w.post("stap2", {"wat": "x"}, files={"plan": pdf()})
    w.post("stap3", {"uren": "1", "tarief": "10", "akkoord": "on"})
    with handoffs.override("test", HandOff("Stuk", broken)):
        response = w.submit()
    assert response.status_code == 503
    assert "Er is niets verloren gegaan" in response.content.decode()
    assert not FormSubmission.objects.exists()
    draft = w.draft()
    assert draft is not None and draft.files.count() == 1
    assert storages["private"].exists(draft.files.get().file.name)
    assert w.submit().status_code == 302
    assert FormSubmission.objects.get().files.count() == 1


def test_submitting_the_same_draft_twice_in_the_service(client, school_user, journey_form):
    from forms import services

    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    draft = w.draft()
    definition = draft.form_page().definition()
    first = services.submit(draft, definition, {"extra": False}, ["stap1"], set())
    with pytest.raises(services.AlreadySubmitted) as exc:
        services.submit(draft, definition, {"extra": False}, ["stap1"], set())
    assert exc.value.submission == first
    assert FormSubmission.objects.count() == 1


def test_delete_submission_removes_its_files(
    client, school_user, journey_form, handed_off, django_capture_on_commit_callbacks
):
    from forms import services

    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    w.post("stap2", {"wat": "x"}, files={"plan": pdf()})
    w.post("stap3", {"uren": "1", "tarief": "10", "akkoord": "on"})
    w.submit()
    submission = handed_off[0]
    name = submission.files.get().file.name
    assert storages["private"].exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_submission(submission)
    assert not storages["private"].exists(name)
    assert not FormSubmission.objects.exists()


def test_save_and_continue_later_keeps_unfinished_input(client, school_user, journey_form):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    response = w.post("stap2", {"wat": "Half af"}, files={"plan": pdf()}, raw={"opslaan": "1"})
    assert response.status_code == 302 and response.url == "/loket/concepten/"
    assert "Je concept is bewaard" in client.get(response.url).content.decode()
    html = w.current().content.decode()
    assert "Half af" in html and "bijlage.pdf" in html
