"""The whole journey through HTTP, as a school user with a browser would make it."""

import datetime
import hashlib

from django.core import mail
from django.core.files.storage import storages
from django.utils import timezone

from devkit.clients import PDF_BYTES, Wizard, login_verified, pdf
from forms import definition as d
from forms.build import fld, step
from forms.models import FormDraft, FormDraftFile, FormSubmission
from tests.forms.conftest import JOURNEY, LEERLING, fake_pdf


def test_fill_logout_resume_back_hide_submit_double_submit(
    client, school_user, journey_form, handed_off, django_capture_on_commit_callbacks
):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    assert w.start().status_code == 302
    assert w.start().status_code == 302  # double click on "Beginnen"
    assert FormDraft.objects.count() == 1
    assert w.post("stap1", {**LEERLING, "extra": "ja"}).status_code == 302

    # Step 2 with a real upload; an error elsewhere keeps the upload and the text.
    response = w.post("stap2", {"wat": ""}, files={"plan": pdf("Plan van aanpak.pdf")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "swv-error-summary" in html
    assert 'aria-describedby="id_stap2-wat_error"' in html
    assert "Plan_van_aanpak.pdf" in html  # kept, shown as already uploaded
    stored = FormDraftFile.objects.get()
    assert storages["private"].exists(stored.file.name)
    assert stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert stored.content_type == "application/pdf"
    assert w.post("stap2", {"wat": "Een onderwijsassistent in de groep."}).status_code == 302

    # Log out; a new session (another computer) resumes at the same step.
    client.post("/account/uitloggen/")
    assert client.get(journey_form.url).status_code == 302  # to the login page
    login_verified(client, school_user)
    response = w.current()
    assert "Stap 3 van 4" in response.content.decode()
    assert "Begroting" in response.content.decode()

    # Go back with "Vorige": what was typed in step 3 is kept.
    w.post("stap3", {"uren": "10"}, goto="stap2")
    response = w.current()
    assert "Een onderwijsassistent in de groep." in response.content.decode()
    assert "Stap 2 van 4" in response.content.decode()

    # Change an earlier answer so step 2 is hidden: its data and file are dropped.
    w.post("stap2", {"wat": "Een onderwijsassistent in de groep."}, goto="stap1")
    with django_capture_on_commit_callbacks(execute=True):
        assert w.post("stap1", {**LEERLING, "extra": "nee"}).status_code == 302
    draft = w.draft()
    assert "stap2" not in draft.data["step_data"]
    assert not FormDraftFile.objects.exists()
    assert not storages["private"].exists(stored.file.name)
    response = w.current()
    assert "Stap 2 van 3" in response.content.decode()
    assert 'value="10"' in response.content.decode()  # typed before going back

    # "Berekenen" keeps the step and shows the calculated total.
    w.post("stap3", {"uren": "10", "tarief": "70"}, goto="stap3")
    html = w.current().content.decode()
    assert "Stap 2 van 3" in html and "€ 700,00" in html

    # Maximum with the editor's text.
    response = w.post("stap3", {"uren": "10", "tarief": "95", "akkoord": "on"})
    assert "Maximaal € 80 per uur." in response.content.decode()
    assert w.post("stap3", {"uren": "10", "tarief": "80", "akkoord": "on"}).status_code == 302

    summary = w.current().content.decode()
    assert "Controleren en indienen" in summary
    assert "€ 800,00" in summary
    assert "Fien de Vries, 4 maart 2015, groep 5" in summary
    assert 'href="?stap=stap1&amp;van=overzicht"' in summary
    key = w.draft().key

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = w.submit()
    assert first.status_code == 302
    second = w.submit(draft_key=key)  # double click / back button / second tab
    assert second.status_code == 302
    assert second.url == first.url
    assert FormSubmission.objects.count() == 1
    assert len(handed_off) == 1
    assert not FormDraft.objects.exists()

    submission = FormSubmission.objects.get()
    assert submission.user == school_user
    assert submission.organisation == school_user.schools().get()
    assert submission.revision == journey_form.live_revision
    assert submission.answers == {
        "leerling": {"naam": "Fien de Vries", "geboortedatum": "2015-03-04", "groep": "5"},
        "extra": False,
        "uren": "10",
        "tarief": "80.00",
        "totaal": "800.00",
        "akkoord": True,
    }
    assert [s["title"] for s in submission.labels] == ["Leerling", "Begroting"]
    confirmation = client.get(first.url)
    assert confirmation.status_code == 200
    assert "ingediend" in confirmation.content.decode()
    # The notification names the form, never the pupil.
    assert len(mail.outbox) == 1
    assert "Fien" not in mail.outbox[0].body


def test_submission_keeps_files_of_visible_upload_fields(
    client, school_user, journey_form, handed_off
):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    w.post("stap2", {"wat": "x"}, files={"plan": [pdf("a.pdf"), pdf("b.pdf")]})
    # A third file is one too many; the two kept files stay.
    response = w.post("stap2", {"wat": "x"}, files={"plan": pdf("c.pdf")})
    assert "maximaal 2 bestand(en)" in response.content.decode()
    # Remove one, keep the other.
    first = FormDraftFile.objects.order_by("pk").first()
    response = w.client.post(
        w.url,
        {
            "loketformulier-current_step": "stap2",
            "draft_key": str(w.draft().key),
            "stap2-wat": "x",
            "stap2-plan__verwijder": str(first.pk),
        },
    )
    assert response.status_code == 302
    assert FormDraftFile.objects.count() == 1
    w.post("stap3", {"uren": "1", "tarief": "10", "akkoord": "on"})
    w.submit()
    submission = handed_off[0]
    files = list(submission.files.all())
    assert [(f.field_name, f.original_name) for f in files] == [("plan", "b.pdf")]
    assert storages["private"].exists(files[0].file.name)
    assert files[0].size == len(PDF_BYTES)
    assert submission.answers["plan"] == ["b.pdf"]


def test_uploads_are_checked_on_content_and_size(client, school_user, journey_form):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    response = w.post("stap2", {"wat": "x"}, files={"plan": fake_pdf()})
    assert response.status_code == 200
    assert "geen toegestaan bestandstype" in response.content.decode()
    response = w.post("stap2", {"wat": "x"}, files={"plan": pdf("groot.pdf", size=1024 * 1024 + 1)})
    assert "groter dan 1 MB" in response.content.decode()
    assert not FormDraftFile.objects.exists()
    response = w.post("stap2", {"wat": "x"}, files={"plan": pdf("../../etc/pass wd?.pdf")})
    assert response.status_code == 302
    row = FormDraftFile.objects.get()
    assert row.original_name == "pass_wd.pdf"
    assert row.file.name.startswith(f"formulieren/concepten/{w.draft().key}/")


def test_revision_pinning(client, school_user, journey_form, handed_off):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "nee"})
    old_revision = journey_form.live_revision

    # The editor publishes a new revision: a renamed step and an extra required field.
    page = journey_form.specific
    steps = [dict(s) for s in JOURNEY]
    steps[2] = step(
        "Kosten",
        [*JOURNEY[2]["value"]["fields"], fld(d.SHORT_TEXT, "nieuw", "Nieuw verplicht veld")],
    )
    import json

    page.steps = json.dumps(steps)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live_revision != old_revision

    # The draft is finished on the old revision.
    html = w.current().content.decode()
    assert "Begroting" in html and "Kosten" not in html
    w.post("stap3", {"uren": "1", "tarief": "10", "akkoord": "on"})
    w.submit()
    submission = handed_off[0]
    assert submission.revision == old_revision
    assert [s["title"] for s in submission.labels] == ["Leerling", "Begroting"]

    # A new draft starts on the new revision.
    w.start()
    assert w.draft().revision == page.live_revision
    w.post("stap1", {**LEERLING, "extra": "nee"})
    assert "Kosten" in w.current().content.decode()


def test_closed_and_not_yet_open_forms_take_nothing(client, school_user, make_form):
    login_verified(client, school_user)
    now = timezone.now()
    closed = make_form(JOURNEY, slug="dicht", open_until=now - datetime.timedelta(days=1))
    response = client.get(closed.url)
    assert response.status_code == 200
    assert "Dit formulier is gesloten sinds" in response.content.decode()
    response = Wizard(client, closed).start()
    assert response.status_code == 403
    assert not FormDraft.objects.exists()

    later = make_form(JOURNEY, slug="later", open_from=now + datetime.timedelta(days=3))
    assert "Je kunt het invullen vanaf" in client.get(later.url).content.decode()
    assert client.post(later.url, {"start": "1"}).status_code == 403


def test_confirmation_is_only_for_the_submitter(client, users, journey_form, handed_off):
    login_verified(client, users["school_a"])
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "nee"})
    w.post("stap3", {"uren": "1", "tarief": "10", "akkoord": "on"})
    url = w.submit().url
    assert client.get(url).status_code == 200
    other = login_verified(client.__class__(), users["school_b"])
    assert other.get(url).status_code == 404
    assert client.__class__().get(url).status_code == 302  # anonymous: to the login page
