"""Several drafts of one form, shared within the school (issue 13), and the wizard
that resumes them: through HTTP, as school users with a browser would."""

import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from accounts.models import Role
from devkit.clients import Wizard, login_verified
from forms import definition as d
from forms.build import calc, fld, step
from forms.models import FormDraft, FormSubmission

STEPS = [
    step(
        "Leerling",
        [fld("leerling", "leerling", "Leerling", role="leerling")],
    ),
    step("Aanpak", [fld(d.LONG_TEXT, "aanpak", "Aanpak")]),
    step(
        "Begroting",
        [
            fld(d.NUMBER, "uren", "Uren"),
            fld(d.AMOUNT, "tarief", "Uurtarief"),
            calc("totaal", "Totaal", d.PRODUCT, "uren, tarief"),
        ],
    ),
]


def pupil(naam):
    return {
        "leerling__naam": naam,
        "leerling__geboortedatum": "2015-03-04",
        "leerling__groep": "5",
    }


@pytest.fixture
def form(make_form):
    return make_form(STEPS, slug="top-test", title="TOP test", expected_days=10)


@pytest.fixture
def colleague(make_user, school_a):
    return make_user(
        Role.SCHOOLGEBRUIKER, school_a, email="collega@a.example", first_name="Cor", last_name="Ega"
    )


def html(response):
    return response.content.decode()


def test_two_drafts_of_one_form_for_two_pupils(school_client, form):
    first = Wizard(school_client, form)
    assert first.start().status_code == 302
    first.post("stap1", pupil("Fien de Vries"))
    second = Wizard(school_client, form)  # a new start page: a new draft
    assert second.start().status_code == 302
    second.post("stap1", pupil("Daan Jansen"))
    second.post("stap2", {"aanpak": "Extra begeleiding."})
    assert FormDraft.objects.filter(page=form).count() == 2
    assert first.key != second.key

    # Opening the form asks: new, or continue with one of them.
    choice = html(school_client.get(form.url))
    assert "Verder met Fien de Vries" in choice and "Verder met Daan Jansen" in choice
    assert "Nieuw formulier beginnen" in choice
    assert first.url in choice and second.url in choice
    assert "Bij stap: Aanpak" in choice  # Fien's draft stopped at step 2
    assert "Bij stap: Begroting" in choice

    listing = html(school_client.get("/loket/concepten/"))
    assert "Fien de Vries" in listing and "Daan Jansen" in listing
    assert "Begroting" in listing
    assert '<th scope="col">School</th>' in listing
    edited = FormDraft.objects.get(key=second.key).last_edited_at
    assert formats.date_format(timezone.localtime(edited), "j F Y, H:i") in listing

    # Each draft keeps its own answers.
    assert "Fien de Vries" in html(first.client.get(first.url + "?stap=stap1"))
    assert "Daan Jansen" in html(second.client.get(second.url + "?stap=stap1"))


def test_a_title_names_a_draft_until_the_pupil_does(school_client, form):
    w = Wizard(school_client, form)
    w.start(title="Voor het zorgoverleg")
    assert "Voor het zorgoverleg" in html(school_client.get("/loket/concepten/"))
    w.post("stap1", pupil("Fien de Vries"))
    draft = w.draft()
    assert draft.name() == "Fien de Vries"
    assert draft.title == "Voor het zorgoverleg"


def test_a_colleague_continues_and_it_is_logged(
    client, school_user, colleague, form, caplog, handed_off
):
    login_verified(client, school_user)
    w = Wizard(client, form)
    w.start()
    w.post("stap1", pupil("Fien de Vries"))

    other = login_verified(Client(), colleague)
    listing = html(other.get("/loket/concepten/"))
    assert "Fien de Vries" in listing and w.url in listing
    assert other.get(w.url).status_code == 200
    theirs = Wizard(other, form)
    theirs.key = w.key
    with caplog.at_level(logging.INFO, logger="forms.filling.drafts"):
        assert theirs.post("stap2", {"aanpak": "Overgenomen."}).status_code == 302
    draft = w.draft()
    assert draft.last_edited_by == colleague
    assert draft.user == school_user  # still started by the first
    lines = [r.getMessage() for r in caplog.records if r.name == "forms.filling.drafts"]
    assert lines == [
        f"Concept {draft.pk} (formulier {form.pk}) bewerkt door collega gebruiker {colleague.pk}."
    ]
    assert "Fien" not in caplog.text and "Overgenomen" not in caplog.text

    # The starter sees who edited last, in the wizard and in the list.
    assert "Laatst bewerkt door Cor Ega" in html(client.get(w.url))
    assert "door Cor Ega" in html(client.get("/loket/concepten/"))

    # The colleague finishes it: the submission is theirs.
    theirs.post("stap3", {"uren": "10", "tarief": "50"})
    assert theirs.submit().status_code == 302
    submission = FormSubmission.objects.get()
    assert submission.user == colleague
    assert not FormDraft.objects.exists()


def test_another_school_gets_404(client, users, form):
    login_verified(client, users["school_a"])
    w = Wizard(client, form)
    w.start()
    w.post("stap1", pupil("Fien de Vries"))
    draft = w.draft()

    stranger = login_verified(Client(), users["school_b"])
    assert stranger.get(w.url).status_code == 404
    assert stranger.get(w.url + "?stap=stap1").status_code == 404
    posted = stranger.post(
        form.url,
        {"loketformulier-current_step": "stap2", "draft_key": str(draft.key), "stap2-aanpak": "x"},
    )
    assert posted.status_code == 404
    assert stranger.post(w.url, {"loketformulier-current_step": "stap2"}).status_code == 404
    assert stranger.get(f"/loket/concepten/{draft.pk}/verwijderen/").status_code == 404
    assert stranger.post(f"/loket/concepten/{draft.pk}/verwijderen/").status_code == 404
    assert "Fien" not in html(stranger.get("/loket/concepten/"))
    assert "Fien" not in html(stranger.get(form.url))
    assert "stap2" not in FormDraft.objects.get(pk=draft.pk).data["step_data"]
    # Garbage in the key: a 404 or the start page, never a 500.
    assert stranger.get(form.url + "concept/geen-uuid/").status_code == 404
    assert stranger.post(form.url, {"draft_key": "geen-uuid"}).status_code in (302, 404)


def test_a_colleague_may_delete_a_draft_and_it_is_logged(
    client, school_user, colleague, form, caplog
):
    login_verified(client, school_user)
    w = Wizard(client, form)
    w.start()
    draft = w.draft()
    other = login_verified(Client(), colleague)
    with caplog.at_level(logging.INFO, logger="forms.filling.drafts"):
        assert other.post(f"/loket/concepten/{draft.pk}/verwijderen/").status_code == 302
    assert not FormDraft.objects.exists()
    assert "verwijderd door collega" in caplog.text


def test_a_resumed_draft_shows_no_errors_until_the_step_is_submitted(school_client, form):
    w = Wizard(school_client, form)
    w.start()
    w.post("stap1", pupil("Fien de Vries"))
    # Half a step, saved for later: not valid.
    assert w.post("stap2", {"aanpak": ""}, raw={"opslaan": "1"}).status_code == 302

    resumed = html(w.current())
    assert '<h2 class="utrecht-heading-2">Aanpak</h2>' in resumed
    assert "swv-error-summary" not in resumed and 'class="error"' not in resumed

    # Submitting the step shows its errors.
    submitted = w.post("stap2", {"aanpak": ""})
    assert submitted.status_code == 200
    assert "swv-error-summary" in html(submitted)
    # "Indienen" with this step open sends the user there, errors shown.
    w.post("stap3", {"uren": "1", "tarief": "2"}, raw={"opslaan": "1"})
    response = w.submit()
    assert response.status_code == 302
    shown = html(w.current())
    assert '<h2 class="utrecht-heading-2">Aanpak</h2>' in shown and "swv-error-summary" in shown
    # ... once: the next visit is calm again.
    assert "swv-error-summary" not in html(w.current())


def test_the_progress_list_jumps_without_validating_in_between(school_client, form):
    w = Wizard(school_client, form)
    w.start()
    w.post("stap1", pupil("Fien de Vries"))
    w.post("stap2", {"aanpak": ""}, raw={"opslaan": "1"})  # step 2 stays open
    w.post("stap3", {"uren": "2", "tarief": "10"}, raw={"opslaan": "1"})
    w.post("stap3", {"uren": "2", "tarief": "10"}, goto="stap1")

    page = html(w.current())
    assert '<h2 class="utrecht-heading-2">Leerling</h2>' in page
    # Step 3 is done, step 2 the first open one: both can be reached from step 1.
    assert 'name="wizard_goto_step" value="stap3"' in page
    assert 'name="wizard_goto_step" value="stap2"' in page
    assert 'value="overzicht" class="link-button"' not in page  # not before step 2 is done

    assert w.post("stap1", pupil("Fien de Vries"), goto="stap3").status_code == 302
    landed = html(w.current())
    assert (
        '<h2 class="utrecht-heading-2">Begroting</h2>' in landed
        and "swv-error-summary" not in landed
    )
    assert "€ 20,00" in landed


def test_live_calculation_without_inline_script(school_client, form):
    w = Wizard(school_client, form)
    w.start()
    w.post("stap1", pupil("Fien de Vries"))
    w.post("stap2", {"aanpak": "x"})
    page = html(w.current())
    assert '<script src="/static/js/berekening.js" defer></script>' in page
    assert 'data-calc-operation="product"' in page
    assert 'data-calc-operands="uren,tarief"' in page
    assert 'data-calc-prefix="stap3-"' in page
    assert "data-calc-button" in page and "Berekenen" in page  # the fallback stays
    assert "<script>" not in page


def test_the_confirmation_says_what_happens_next(school_client, form):
    w = Wizard(school_client, form)
    w.start()
    w.post("stap1", pupil("Fien de Vries"))
    w.post("stap2", {"aanpak": "x"})
    w.post("stap3", {"uren": "2", "tarief": "10"})
    confirmation = school_client.get(w.submit().url)
    text = html(confirmation)
    assert "Wat gebeurt er nu?" in text
    assert "binnen 10 werkdagen bericht" in text


def test_drafts_list_query_count_does_not_grow(client, school_user, colleague, form):
    login_verified(client, school_user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/loket/concepten/").status_code == 200
        return len(queries)

    for _ in range(2):
        Wizard(client, form).start()
    count()  # the first page view creates the site settings
    few = count()
    for _ in range(4):
        w = Wizard(login_verified(Client(), colleague), form)
        w.start()
    assert FormDraft.objects.count() == 6
    assert count() == few
