"""A parent gives instemming in a real browser: the e-mailed link, the code, the frozen
version of the aanvraag, the answer, and the link once used. axe-core and the look
test (tests/e2e/look.py) check every page on the way, at 1280 and 375 px."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from devkit.clients import login_verified
from loket.models import Instemming
from tests.conftest import ensure_site_tree
from tests.e2e.axe import AxeChecker
from tests.loket.helpers import make_aanvraag


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parent_answers_by_link_and_code(live_server, browser, users, school_a):
    ensure_site_tree()  # a transactional test before may have flushed the site
    aanvraag = make_aanvraag(school_a, users["school_a"], naam="Fenna Voorbeeld")
    school = login_verified(Client(), users["school_a"])
    mail.outbox.clear()
    response = school.post(
        f"/loket/aanvragen/{aanvraag.reference}/instemming/",
        {
            "wijze": "email",
            "emails": "ouder@thuis.example",
            "onderwerp": "Instemming met de aanvraag",
            "ends_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
            "bijlagen": [str(aanvraag.bijlagen.first().pk)],
        },
    )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/instemming/[^/\s]+/)", mail.outbox[-1].body).group(1)

    axe = AxeChecker("instemming")
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + link)
        axe.check(page)
        page.get_by_role("button", name=re.compile("Verstuur")).click()
        page.wait_for_load_state()
        axe.check(page)
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
        page.get_by_label(re.compile("Code")).fill(code)
        page.get_by_role("button", name=re.compile("Bevestig|Doorgaan|Verder|Controleer")).click()
        page.wait_for_url(re.compile(r".*/antwoord/$"))
        # The frozen version: the answers as asked and the fingerprint of it.
        assert "Fenna Voorbeeld" in page.content()
        axe.check(page)
        page.get_by_role("radio", name=re.compile("Ja, ik stem in")).check()
        page.get_by_role("button", name=re.compile("Verstuur|Versturen|Antwoord")).click()
        page.wait_for_load_state()
        assert "Bedankt" in page.content()
        axe.check(page)
        # Used once: the link says so, in the portal's own page.
        response = page.goto(live_server.url + link)
        assert response.status == 410
        axe.check(page)
    finally:
        context.close()
    assert axe.violations == [], "\n".join(map(str, axe.violations))
    assert Instemming.objects.get(email="ouder@thuis.example").status == "gegeven"
    assert len(axe.checked) == 5
