"""The pupil picker's search box (static/js/zoeklijst.js) under the site's own CSP, in
Debian's Chromium: typing part of a name, without its accents, keeps only the matching
pupils of the school's register; one match is chosen; "Nieuwe leerling" stays; and the
chosen pupil is what the server receives (issue 31: "the school chooses its pupil by
typing part of a name ... works without JavaScript as a plain select")."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import Client

from devkit.clients import Wizard, login_verified
from forms import build
from loket.lifecycle.form_fields import LEERLING
from loket.models import Leerling
from tests.conftest import ensure_site_tree

STEPS = [build.step("Leerling", [build.fld(LEERLING, "leerling", "Leerling")])]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typing_part_of_a_name_narrows_the_list(live_server, browser, users, school_a):
    ensure_site_tree()
    for naam, born in [("Zoë de Vries", 2015), ("Zoltan Kiss", 2016), ("Bram Smit", 2017)]:
        Leerling.objects.create(school=school_a, naam=naam, geboortedatum=datetime.date(born, 3, 4))
    spec = {"slug": "kies", "title": "Kies", "handoff": "", "steps": lambda: STEPS}
    form = build.create_form(build.form_index(), spec)
    client = login_verified(Client(), users["school_a"])
    wizard = Wizard(client, form)
    wizard.start()
    url = live_server.url + wizard.url
    context = browser.new_context(locale="nl-NL")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": url}]
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        assert page.goto(url).status == 200
        select = page.locator("select[data-filter-list]")
        assert select.locator("option").count() == 5  # empty, three pupils, new
        search = page.get_by_label("Zoek in de lijst op (een deel van de) naam")
        search.fill("zo")
        texts = select.locator("option").all_inner_texts()
        assert [t for t in texts if "-20" in t] == [
            "Zoltan Kiss (04-03-2016)",
            "Zoë de Vries (04-03-2015)",
        ]
        assert texts[-1].startswith("Nieuwe leerling")
        search.fill("ZOE  de")
        assert select.input_value() == str(Leerling.objects.get(naam="Zoë de Vries").pk)
        assert "1 gevonden" in page.get_by_role("status").inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="Volgende").click()
    finally:
        context.close()
    assert problems == []
    zoe = Leerling.objects.get(naam="Zoë de Vries")
    data = wizard.draft().data
    assert data["step"] == "overzicht"  # the step was accepted
    assert data["step_data"]["stap1"]["stap1-leerling__kies"] == [str(zoe.pk)]
