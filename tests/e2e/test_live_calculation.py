"""Calculated amounts update while the user types (static/js/berekening.js), under the
site's own CSP (script-src 'self': no bypass here), in Debian's Chromium (issue 13)."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from devkit.clients import Wizard, login_verified
from forms import build
from forms import definition as d
from tests.conftest import ensure_site_tree

STEPS = [
    build.step(
        "Begroting",
        [
            build.fld(d.NUMBER, "uren", "Aantal uren"),
            build.fld(d.AMOUNT, "tarief", "Uurtarief"),
            build.calc("totaal", "Totaal", d.PRODUCT, "uren, tarief"),
            build.calc("helft", "Aandeel SWV", d.PERCENTAGE, "totaal", percentage=50),
        ],
    )
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_totals_update_as_the_user_types(live_server, browser, users):
    ensure_site_tree()
    spec = {"slug": "rekenen", "title": "Rekenen", "handoff": "", "steps": lambda: STEPS}
    form = build.create_form(build.form_index(), spec)
    form.refresh_from_db()
    client = login_verified(Client(), users["school_a"])
    wizard = Wizard(client, form)
    wizard.start()

    url = live_server.url + wizard.url
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": url,
            }
        ]
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        assert page.goto(url).status == 200
        totaal = page.locator("output[data-calc-name='totaal']")
        helft = page.locator("output[data-calc-name='helft']")
        assert totaal.inner_text() == "–"
        page.fill("#id_stap1-uren", "10")
        page.fill("#id_stap1-tarief", "70,50")
        assert totaal.inner_text().replace("\xa0", " ") == "€ 705,00"
        assert helft.inner_text().replace("\xa0", " ") == "€ 352,50"
        # With the script working, the round-trip button is not needed.
        assert page.locator("[data-calc-button]").is_hidden()
        page.fill("#id_stap1-uren", "")
        assert totaal.inner_text() == "–"
    finally:
        context.close()
    assert problems == []
