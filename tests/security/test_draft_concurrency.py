"""Two tabs never lose each other's answers (issue 10, hole 9).

Two threads post to the same draft at the same moment: a barrier holds both just
before they save, after both have read the draft, which is the interleaving that
used to lose one of them. On PostgreSQL the save locks the draft row; on SQLite
the file test database makes the second writer wait (cms/settings/test.py).
"""

import threading

import pytest
from django.db import connection

from devkit.clients import Wizard, login_verified
from forms.filling.storage import DraftStorage
from forms.models import FormDraft
from tests.forms.test_journey import JOURNEY, LEERLING

CHANGED = "ergens anders opgeslagen"


def start(client, school_user, make_form):
    page = make_form(JOURNEY)
    login_verified(client, school_user)
    w = Wizard(client, page)
    w.start()
    return page, w


def race(monkeypatch, page, client_factory, posts):
    """Run each ``(step, data, raw)`` post in its own thread; all save at once."""
    barrier = threading.Barrier(len(posts))
    original = DraftStorage.save
    local = threading.local()

    def save_together(storage):
        if not getattr(local, "waited", False) and storage.touched:
            local.waited = True
            barrier.wait(timeout=20)
        return original(storage)

    monkeypatch.setattr(DraftStorage, "save", save_together)
    responses = [None] * len(posts)

    def run(index, step, data, raw):
        try:
            responses[index] = Wizard(client_factory(), page).post(step, data, raw=raw)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return responses


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saves_of_different_steps_both_survive(client, school_user, make_form, monkeypatch):
    page, w = start(client, school_user, make_form)
    w.post("stap1", {**LEERLING, "extra": "nee"}, raw={"opslaan": "1"})
    cookies = client.cookies

    def tab():
        from django.test import Client

        other = Client()
        other.cookies = cookies
        return other

    responses = race(
        monkeypatch,
        page,
        tab,
        [
            ("stap1", {**LEERLING, "leerling__groep": "6", "extra": "nee"}, {"opslaan": "1"}),
            ("stap3", {"uren": "10", "tarief": "50"}, {"opslaan": "1"}),
        ],
    )
    assert [r.status_code for r in responses] == [302, 302]
    data = FormDraft.objects.get().data["step_data"]
    assert data["stap1"]["stap1-leerling__groep"] == ["6"]
    assert data["stap3"]["stap3-uren"] == ["10"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_same_step_at_once_the_later_is_told(client, school_user, make_form, monkeypatch):
    page, w = start(client, school_user, make_form)
    w.post("stap3", {"uren": "1"}, raw={"opslaan": "1"})
    version = FormDraft.objects.get().data["step_versions"]["stap3"]
    cookies = client.cookies

    def tab():
        from django.test import Client

        other = Client()
        other.cookies = cookies
        return other

    based = {"opslaan": "1", "step_version": str(version)}
    responses = race(
        monkeypatch,
        page,
        tab,
        [("stap3", {"uren": "20"}, based), ("stap3", {"uren": "30"}, based)],
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert CHANGED in loser.content.decode()
    winner = next(r for r in responses if r.status_code == 302)
    stored = FormDraft.objects.get().data
    assert stored["step_data"]["stap3"]["stap3-uren"] in (["20"], ["30"])
    assert stored["step_versions"]["stap3"] == version + 1
    assert winner is not loser


@pytest.mark.django_db
def test_same_step_one_after_the_other_both_land_in_order(client, school_user, make_form):
    page, w = start(client, school_user, make_form)
    first = w.post("stap3", {"uren": "1"}, raw={"opslaan": "1"})
    assert first.status_code == 302
    page_shown = client.get(w.url + "?stap=stap3")
    version = page_shown.context["step_version"]
    second = w.post("stap3", {"uren": "2"}, raw={"opslaan": "1", "step_version": str(version)})
    assert second.status_code == 302
    assert FormDraft.objects.get().data["step_data"]["stap3"]["stap3-uren"] == ["2"]
    # A page based on the old version is told, and the answer saved in between stays.
    stale = w.post("stap3", {"uren": "3"}, raw={"opslaan": "1", "step_version": str(version)})
    assert stale.status_code == 409
    assert CHANGED in stale.content.decode()
    assert FormDraft.objects.get().data["step_data"]["stap3"]["stap3-uren"] == ["2"]
    # Saving again from that page (it now carries the current version) lands.
    retry = w.post("stap3", {"uren": "3"}, raw={"opslaan": "1", "step_version": str(version + 1)})
    assert retry.status_code == 302
    assert FormDraft.objects.get().data["step_data"]["stap3"]["stap3-uren"] == ["3"]
