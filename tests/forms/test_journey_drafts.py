"""The journey's edges: who may fill in, for which school, "Mijn concepten", clean-up."""

import datetime

from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from devkit.clients import Wizard, login_verified, pdf
from devkit.factories import MembershipFactory, SchoolFactory
from forms.models import FormDraft, FormDraftFile
from tests.forms.conftest import JOURNEY, LEERLING


def test_only_verified_school_users_may_fill_in(client, users, journey_form):
    url = journey_form.url
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/account/inloggen/")
    for key in (
        "consulent",
        "commissie",
        "redacteur",
        "formulierbeheerder",
        "beheerder",
        "externe",
    ):
        c = login_verified(client.__class__(), users[key])
        assert c.get(url).status_code == 403, key
        assert c.post(url, {"start": "1"}).status_code == 403, key
    unverified = client.__class__()
    unverified.force_login(users["school_a"])
    assert unverified.get(url).url.startswith("/account/tweestaps/")
    assert not FormDraft.objects.exists()


def test_a_user_of_several_schools_chooses(client, users, journey_form, school_a):
    user = users["school_a"]
    second = SchoolFactory(name="Tweede school")
    MembershipFactory(user=user, organisation=second, role=Role.SCHOOLGEBRUIKER)
    login_verified(client, user)
    w = Wizard(client, journey_form)
    page = client.get(journey_form.url).content.decode()
    assert "Voor welke school" in page and "Tweede school" in page
    assert w.start().status_code == 400
    assert w.start(school=SchoolFactory()).status_code == 400  # not their school
    assert w.start(school=second).status_code == 302
    assert w.draft().organisation == second


def test_my_drafts_list_and_delete(client, users, journey_form, django_capture_on_commit_callbacks):
    login_verified(client, users["school_a"])
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    w.post("stap2", {"wat": "x"}, files={"plan": pdf()})
    row = FormDraftFile.objects.get()
    response = client.get("/loket/concepten/")
    assert response.status_code == 200
    assert journey_form.title in response.content.decode()

    draft = w.draft()
    other = login_verified(client.__class__(), users["school_b"])
    assert other.get(f"/loket/concepten/{draft.pk}/verwijderen/").status_code == 404
    assert other.post(f"/loket/concepten/{draft.pk}/verwijderen/").status_code == 404
    assert journey_form.title not in other.get("/loket/concepten/").content.decode()

    assert client.get(f"/loket/concepten/{draft.pk}/verwijderen/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/loket/concepten/{draft.pk}/verwijderen/").status_code == 302
    assert not FormDraft.objects.exists()
    assert not storages["private"].exists(row.file.name)


def test_my_drafts_query_count_does_not_grow(client, users, make_form):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_verified(client, users["school_a"])
    client.get("/loket/concepten/")  # warm up: site settings are created on first use
    counts = []
    for n in range(8):
        Wizard(client, make_form(JOURNEY, slug=f"f{n}", title=f"Formulier {n}")).start()
        if n in (0, 7):
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/loket/concepten/")
            counts.append(len(queries))
    assert response.content.decode().count("verwijderen/") == 8
    assert counts[0] == counts[1] <= 12


def test_cleanup_of_abandoned_drafts(
    client, school_user, journey_form, django_capture_on_commit_callbacks
):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    w.post("stap2", {"wat": "x"}, files={"plan": pdf()})
    row = FormDraftFile.objects.get()
    call_command("cleanup_form_drafts")
    assert FormDraft.objects.exists()  # still fresh
    FormDraft.objects.update(updated_at=timezone.now() - datetime.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cleanup_form_drafts")
    assert not FormDraft.objects.exists()
    assert not storages["private"].exists(row.file.name)


def test_tampered_or_stale_posts_are_4xx_or_redirects(client, school_user, journey_form):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    key = w.draft().key
    # No management form.
    assert client.post(journey_form.url, {"draft_key": str(key)}).status_code == 302
    # A step that does not exist.
    assert w.post("stap9", {"x": "y"}).status_code == 302
    # A post for a deleted draft does not create one.
    FormDraft.objects.all().delete()
    response = w.post("stap1", LEERLING, draft_key=key)
    assert response.status_code == 302
    assert not FormDraft.objects.exists()


def test_my_drafts_access_per_role(client, users, journey_form):
    response = client.get("/loket/concepten/")
    assert response.status_code == 302 and response.url.startswith("/account/inloggen/")
    assert client.post("/loket/concepten/1/verwijderen/").status_code == 302
    for key, expected in [
        ("school_a", 200),
        ("school_b", 200),
        ("consulent", 403),
        ("commissie", 403),
        ("redacteur", 403),
        ("formulierbeheerder", 403),
        ("beheerder", 403),
        ("externe", 403),
    ]:
        c = login_verified(client.__class__(), users[key])
        assert c.get("/loket/concepten/").status_code == expected, key
