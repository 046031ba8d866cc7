"""The mede-ondertekenaars in a real browser (issue 26): the orthopedagoog opens the
e-mailed link, asks for the code, enters it, reads the frozen version with its SHA-256
and signs; the bestuur declines with a reason (first without one: a Dutch message).
axe-core and the look test (tests/e2e/look.py) check every page on the way."""

import re

import pytest
from django.core import mail

from forms.build import create_form, form_index
from loket.demo.forms import configure_cosigners, form_specs
from loket.lifecycle import intake
from loket.models import Medeondertekening
from tests.conftest import ensure_site_tree
from tests.e2e.axe import AxeChecker
from tests.loket.helpers import submission

ORTHO, BESTUUR = "ortho@praktijk.example", "bestuur@stichting.example"


def _link(address):
    body = [m for m in mail.outbox if address in m.to][-1].body
    return re.search(r"https?://[^/\s]+(/ondertekenen/[^/\s]+/)", body).group(1)


def _code(address):
    body = [m for m in mail.outbox if address in m.to][-1].body
    return re.search(r"\b(\d{6})\b", body).group(1)


def _to_the_version(page, axe, url, address):
    """Link, code, then the frozen version; returns the page's text."""
    page.goto(url)
    axe.check(page)
    page.get_by_role("button", name=re.compile("Verstuur|code", re.I)).click()
    page.wait_for_url(re.compile(r".*/code/$"))
    axe.check(page)
    page.get_by_label(re.compile("Code")).fill(_code(address))
    page.get_by_role("button", name=re.compile("Bevestig|Doorgaan|Verder|Controleer")).click()
    page.wait_for_url(re.compile(r".*/tekenen/$"))
    axe.check(page)
    return page.locator("main").inner_text()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cosigners_sign_and_decline_in_the_browser(live_server, browser, users, school_a):
    ensure_site_tree()  # a transactional test before may have flushed the site
    top = create_form(form_index(), form_specs()[0])
    configure_cosigners(top)
    sub = submission(school_a, users["school_a"], naam="Fenna Getekend")
    sub.page = top
    sub.answers = {**sub.answers, "orthopedagoog_email": ORTHO, "bestuur_email": BESTUUR}
    mail.outbox.clear()
    aanvraag = intake.create_aanvraag_from_submission(sub)
    records = {r.rol: r for r in aanvraag.medeondertekeningen.all()}

    axe = AxeChecker("ondertekening")
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        # The orthopedagoog signs the version shown, with its fingerprint.
        ortho = _link(ORTHO)
        text = _to_the_version(page, axe, live_server.url + ortho, ORTHO)
        assert "Fenna Getekend" in text
        assert records["orthopedagoog"].versie_sha256[:12] in text
        page.get_by_role("radio", name=re.compile("onderteken", re.I)).first.check()
        page.get_by_role("button", name=re.compile("Verstuur|Versturen|Antwoord")).click()
        page.wait_for_load_state()
        assert "handtekening is ontvangen" in page.content()
        axe.check(page)

        # The bestuur declines: without a reason a Dutch message, then with one.
        text = _to_the_version(page, axe, live_server.url + _link(BESTUUR), BESTUUR)
        page.get_by_role("radio", name=re.compile("niet", re.I)).check()
        page.get_by_role("button", name=re.compile("Verstuur|Versturen|Antwoord")).click()
        page.wait_for_load_state()
        assert "Schrijf waarom je niet ondertekent." in page.locator("main").inner_text()
        axe.check(page)
        page.get_by_label(re.compile("Reden|Waarom", re.I)).fill("Geen budget dit schooljaar.")
        page.get_by_role("button", name=re.compile("Verstuur|Versturen|Antwoord")).click()
        page.wait_for_load_state()
        assert "Bedankt" in page.content()
        axe.check(page)

        # A used link says so in the portal's own page.
        response = page.goto(live_server.url + ortho)
        assert response.status == 410
        axe.check(page)
    finally:
        context.close()
    assert axe.violations == [], "\n".join(map(str, axe.violations))
    states = dict(Medeondertekening.objects.values_list("rol", "status"))
    assert states == {"orthopedagoog": "getekend", "bestuur": "geweigerd"}
    assert Medeondertekening.objects.get(rol="bestuur").reden == "Geen budget dit schooljaar."
    assert len(axe.checked) == 10
