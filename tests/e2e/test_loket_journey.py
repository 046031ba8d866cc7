"""The whole loket journey in Debian's Chromium, as the people who use it would walk it
(issue 13): a school user logs in with a real TOTP code, fills the TOP form over all
steps with real PDF uploads, saves, logs out, logs in again, resumes and submits; the
consulent asks for an aanvulling; the school adds it; the commissie decides; the school
downloads the besluit PDF. axe-core (vendored) checks every page visited, the admin
pages of this project included (their own content: Wagtail's chrome is Wagtail's).
"""

import base64
import time

import pyotp
import pytest

from accounts.models import Role
from accounts.roles import ensure_role_groups
from cms.files.pdf import simple_pdf
from devkit.factories import PASSWORD, ConsulentAssignmentFactory, TOTPDeviceFactory
from loket.demo import forms as demo_forms
from loket.models import Aanvraag, Besluit
from tests.conftest import ensure_site_tree
from tests.e2e.axe import AxeChecker


class Authenticator:
    """A phone with an authenticator app: the current TOTP code, never one used before
    (django-otp refuses a code of a time step it has already seen)."""

    def __init__(self):
        self.last_step = {}

    def code(self, user):
        device = user.totpdevice_set.get(confirmed=True)
        secret = base64.b32encode(device.bin_key).decode()
        step = int(time.time() // 30)
        if self.last_step.get(user.pk, -1) >= step:
            time.sleep(30 - time.time() % 30 + 0.5)  # wait for the next code, as a user would
            step = int(time.time() // 30)
        self.last_step[user.pk] = step
        return pyotp.TOTP(secret).at(step * 30)


def login(page, base, user, app, axe):
    page.goto(f"{base}/account/inloggen/")
    axe.check(page)
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(app.code(user))
    axe.check(page)
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_load_state()


def next_step(page, axe):
    axe.check(page)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_load_state()
    errors = page.locator(".swv-error-summary")
    assert errors.count() == 0, errors.first.inner_text()


@pytest.fixture
def people(db, school_a, make_user):
    ensure_role_groups()
    users = {
        "school": make_user(Role.SCHOOLGEBRUIKER, school_a, email="ib@school-a.example"),
        "consulent": make_user(Role.CONSULENT, email="consulent@swv.example"),
        "commissie": make_user(Role.COMMISSIE, email="commissie@swv.example"),
    }
    for user in users.values():
        TOTPDeviceFactory(user=user)
    ConsulentAssignmentFactory(school=school_a, consulent=users["consulent"])
    return users


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_top_aanvraag_from_login_to_besluit_pdf(live_server, browser, people, tmp_path):
    ensure_site_tree()
    form = demo_forms.create_form(demo_forms.form_index(), demo_forms.FORMS[0])
    form.refresh_from_db()
    base = live_server.url
    app = Authenticator()
    axe = AxeChecker("reis")
    files = {}
    for name in ("opp.pdf", "evaluatie.pdf", "oza.pdf", "schema.pdf", "aanvulling.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(simple_pdf(name, ["Fictieve bijlage voor de browsertest."]))

    school = browser.new_context(locale="nl-NL", accept_downloads=True, bypass_csp=True)
    page = school.new_page()
    page.set_default_timeout(20000)
    login(page, base, people["school"], app, axe)
    page.goto(base + form.url)
    axe.check(page)
    page.get_by_label("Naam voor dit concept").fill("TOP Noor")
    page.get_by_role("button", name="Beginnen").click()

    # Step 1: pupil and contact.
    page.fill("#id_stap1-leerling__naam", "Noor Proefstra")
    page.fill("#id_stap1-leerling__geboortedatum", "2016-09-01")
    page.select_option("#id_stap1-leerling__groep", "5")
    page.fill("#id_stap1-contactpersoon", "A. Intern")
    page.get_by_label("Intern begeleider", exact=True).check()
    page.fill("#id_stap1-contact_email", "ib@school-a.example")
    next_step(page, axe)
    # Step 2: the five steps of the kader and the legal framework.
    for name in ("basisbekostiging", "lumpsum", "natura", "hybride", "oza"):
        page.locator(f"input[name$='_{name}']").check()
    page.get_by_label("Wet passend onderwijs").check()
    next_step(page, axe)
    # Step 3: the questions of the kader; then save, log out and come back later.
    for textarea in page.locator("textarea").all():
        textarea.fill("Een antwoord van de school.")
    next_step(page, axe)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()

    login(page, base, people["school"], app, axe)
    page.goto(base + "/loket/concepten/")
    axe.check(page)
    assert "Noor Proefstra" in page.content() or "TOP Noor" in page.content()
    page.get_by_role("link", name="Verder").first.click()
    page.wait_for_load_state()
    assert page.locator(".swv-error-summary").count() == 0  # resumed without errors
    # Step 4: budget (75 an hour, under the 80 maximum of the kader).
    page.fill("#id_stap4-startdatum", "2027-01-10")
    page.fill("#id_stap4-uren", "120")
    page.fill("#id_stap4-uurtarief", "75")
    page.locator("#id_stap4-bestuur_akkoord").check()
    page.fill("#id_stap4-orthopedagoog_email", "orthopedagoog@example.org")
    page.fill("#id_stap4-bestuur_email", "bestuur@school-a.example")
    next_step(page, axe)
    # Step 5: real PDF uploads.
    page.set_input_files("#id_stap5-opp", [files["opp.pdf"], files["evaluatie.pdf"]])
    page.set_input_files("#id_stap5-oza_formulier", files["oza.pdf"])
    page.set_input_files("#id_stap5-onderbouwingsschema", files["schema.pdf"])
    next_step(page, axe)
    assert "9.000,00" in page.content()
    axe.check(page)
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_load_state()
    axe.check(page)
    assert "Wat gebeurt er nu" in page.content()
    aanvraag = Aanvraag.objects.get()
    # OPP and evaluatie, OZA-formulier, onderbouwingsschema; the orthopedagoog signs by link.
    assert aanvraag.bijlagen.count() == 4

    # The consulent takes it in and asks for an aanvulling, in the Wagtail admin.
    swv = browser.new_context(locale="nl-NL", bypass_csp=True)
    admin = swv.new_page()
    admin.set_default_timeout(20000)
    login(admin, base, people["consulent"], app, axe)
    admin.goto(f"{base}/admin/loket/")
    axe.check(admin, admin_page=True)
    admin.get_by_role("link", name=aanvraag.reference).click()
    admin.wait_for_load_state()
    axe.check(admin, admin_page=True)
    admin.get_by_role("button", name="In behandeling nemen").click()
    admin.wait_for_load_state()
    admin.get_by_role("tab", name="Aanvulling vragen").click()
    admin.locator("#tab-aanvulling textarea").fill("Stuur het verslag van het MDO mee.")
    axe.check(admin, admin_page=True)
    admin.locator("#tab-aanvulling").get_by_role("button", name="Aanvulling vragen").click()
    admin.wait_for_load_state()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AANVULLING_GEVRAAGD

    # The school adds it.
    page.goto(base + aanvraag.get_absolute_url())
    axe.check(page)
    page.get_by_label("Je aanvulling").fill("Het verslag van het MDO.")
    page.set_input_files("#aanvullen input[type=file]", files["aanvulling.pdf"])
    page.get_by_role("button", name="Aanvulling versturen").click()
    page.wait_for_load_state()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AANGEVULD

    # The commissie decides.
    commissie = browser.new_context(locale="nl-NL", bypass_csp=True).new_page()
    commissie.set_default_timeout(20000)
    login(commissie, base, people["commissie"], app, axe)
    commissie.goto(f"{base}/admin/loket/{aanvraag.pk}/")
    commissie.get_by_role("tab", name="Besluit").click()
    panel = commissie.locator("#tab-besluit")
    panel.get_by_label("Afgewezen").check()
    panel.get_by_label("Motivering").fill("De school heeft stap 4 van het kader nog niet gezet.")
    axe.check(commissie, admin_page=True)
    panel.get_by_role("button", name="Besluit vastleggen").click()
    commissie.wait_for_load_state()
    assert Besluit.objects.filter(aanvraag=aanvraag).exists()

    # The school downloads the besluit as a PDF.
    page.goto(base + aanvraag.get_absolute_url())
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Besluit downloaden (pdf)").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000

    assert axe.violations == [], "\n".join(map(str, axe.violations))
    assert len(axe.checked) >= 15
