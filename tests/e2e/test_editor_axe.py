"""axe-core finds no violation in the Wagtail page editor of any page type this project
defines, on every tab of the editor, opened by the role that edits that type; nor on
this project's own admin screens (inbox, aanvraag, vergaderingen, monitoring, AVG,
schooljaarovergang), each opened by the role that works there.

Wagtail 8.0 leaves the rich-text editor and the tag field without an accessible name;
static/js/admin/toegankelijke-namen.js names them (it names the upstream issues).
The pages come from the demo's own steps (DEMO_STEPS), so a new page type without demo content
fails here instead of going unchecked.
"""

from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.test import Client
from wagtail.models import Page, get_page_models

from accounts.models import User
from cms.management.commands.demo import DEMO_STEPS
from devkit.clients import login_verified
from devkit.factories import UserFactory
from tests.conftest import ensure_site_tree
from tests.e2e.axe import AxeChecker

# Who edits what in the demo: the first of these who may edit a page opens its editor;
# the home page only a Wagtail superuser (a site-wide change), made here.
EDITORS = ["redacteur@swv.example", "formulieren@swv.example", "eindredacteur@swv.example"]
PROJECT_APPS = {"content", "kennisbank", "forms", "loket", "cms"}


def _session_page(browser, live_server, user, sessions):
    if user.pk not in sessions:
        client = login_verified(Client(), user)
        sessions[user.pk] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": sessions[user.pk],
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def admin_screens():
    """(role's demo account, path[, text to search]) for each of this project's admin
    screens; with a text, the screen's search form is filled in and sent first."""
    from loket.models import Aanvraag, Vergadering

    aanvraag = Aanvraag.objects.filter(status="in_behandeling").select_related("consulent").first()
    vergadering = Vergadering.objects.first()
    return [
        ("commissie@swv.example", "/admin/"),
        ("commissie@swv.example", "/admin/loket/vergaderingen/"),
        ("commissie@swv.example", f"/admin/loket/vergaderingen/{vergadering.pk}/"),
        (aanvraag.consulent.email, "/admin/loket/"),
        (aanvraag.consulent.email, f"/admin/loket/{aanvraag.pk}/"),
        (aanvraag.consulent.email, "/admin/loket/logboek/"),
        ("beheerder@swv.example", "/admin/monitoring/"),
        ("beheerder@swv.example", "/admin/schooljaarovergang/"),
        ("privacy@swv.example", "/admin/avg-inzage/"),
        # The result page of the AVG search: the name is posted, never in the URL.
        ("privacy@swv.example", "/admin/avg-inzage/", "Lotte"),
    ]


def project_page_models():
    return [m for m in get_page_models() if m._meta.app_label in PROJECT_APPS]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_page_editors_and_admin_screens_have_no_axe_violations(live_server, browser):
    ensure_site_tree()
    for step in DEMO_STEPS:  # the demo's own steps, in its order
        import_module(step).run()
    editors = [User.objects.get(email=email) for email in EDITORS]
    editors.append(UserFactory(email="superuser@swv.example", is_superuser=True, is_staff=True))
    sessions = {}

    axe = AxeChecker("editor")
    opened = []
    for model in project_page_models():
        page = Page.objects.type(model).filter(depth__gt=1).exact_type(model).first()
        assert page is not None, f"no demo page of type {model.__name__}"
        editor = next(
            (user for user in editors if page.permissions_for_user(user).can_edit()), None
        )
        assert editor is not None, f"no demo editor may edit {model.__name__}"
        context, tab = _session_page(browser, live_server, editor, sessions)
        try:
            response = tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
            assert response.status == 200, model.__name__
            tab.wait_for_selector("#main")
            axe.check(tab, admin_page=True)
            # Every tab of the editor: axe only sees the panel that is shown.
            tabs = tab.locator("[role=tab]")
            for index in range(1, tabs.count()):
                tabs.nth(index).click()
                # Another tab of the same form: no message fades in.
                axe.check(tab, admin_page=True, settle_ms=100)
            opened.append(model.__name__)
        finally:
            context.close()
    assert len(opened) == len(project_page_models()) >= 10, opened

    # This project's own admin screens, in the same demo data.
    for email, path, *search in admin_screens():
        context, tab = _session_page(browser, live_server, User.objects.get(email=email), sessions)
        try:
            response = tab.goto(live_server.url + path)
            assert response.status == 200, (email, path)
            if search:  # a search form posted as a user would, then its result page
                tab.fill("#id_q", search[0])
                with tab.expect_navigation():
                    tab.locator("#id_q").press("Enter")
                assert tab.url == live_server.url + path, tab.url
                assert tab.get_by_role("button", name="Export maken").count() >= 1
            axe.check(tab, admin_page=True)
        finally:
            context.close()
    assert axe.violations == [], "\n".join(map(str, axe.violations))
