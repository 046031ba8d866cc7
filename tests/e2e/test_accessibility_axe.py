"""axe-core (vendored by assets/vendor.sh) finds no violations on the public site, Mijn loket,
the form wizard, /inzage/ and the error page, in Debian's Chromium with the NL Design System
styles loaded; and each of those pages looks right (tests/e2e/look.py) at 1280 and 375 px."""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import Role
from devkit.clients import login_verified
from loket.demo import forms as forms_demo
from tests.conftest import ensure_site_tree
from tests.e2e.look import LookChecker, watch_console
from tests.kennisbank.conftest import kennisbank  # noqa: F401 - fixture

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(browser, url, session_cookie=None, look=None, status=200):
    # axe is injected as an inline script; the site's CSP (script-src 'self') would
    # rightly refuse it, so only this test's context bypasses the CSP.
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    if session_cookie:
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": session_cookie, "url": url}]
        )
    page = watch_console(context.new_page())
    try:
        response = page.goto(url)
        assert response.status == status, url
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        # Every stylesheet loaded: no 404 on vendored files.
        assert page.evaluate("document.styleSheets.length") >= 5
        if look is not None:
            look.check(page)
        return [
            {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
        ]
    finally:
        context.close()


def session_for(user):
    client = login_verified(Client(), user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_axe_violations(live_server, browser, kennisbank, users, make_user, cleo):  # noqa: F811
    from content import demo as content_demo

    content_demo.statement(ensure_site_tree())  # /toegankelijkheid/
    form = forms_demo.create_form(forms_demo.form_index(), forms_demo.FORMS[0])
    article = kennisbank["archief"]
    public = ["/", "/kennisbank/", article.url, "/zoeken/?q=dossier", "/zoeken/?q=xyzzy"]
    public += ["/toegankelijkheid/"]
    public += handleidingen_and_nieuwsbrieven()
    school = session_for(users["school_a"])
    externe = session_for(make_user(Role.EXTERNE, cleo, email="axe@cleo.example"))
    visits = [(path, None) for path in public]
    visits += [("/loket/", school), ("/loket/concepten/", school), (form.url, school)]
    # A draft: the wizard's first step; the form page above becomes the choice
    # "Verder met ... / Nieuw formulier".
    from forms.models import FormDraft

    form.refresh_from_db()
    draft = FormDraft.objects.create(
        user=users["school_a"],
        page=form,
        revision=form.live_revision,
        organisation=users["school_a"].schools().first(),
        title="Concept voor axe",
    )
    visits += [(draft.get_absolute_url(), school)]
    # An aanvraag page: status first, answers in <details> per step.
    from tests.loket.helpers import make_aanvraag

    aanvraag = make_aanvraag(draft.organisation, users["school_a"])
    visits += [(aanvraag.get_absolute_url(), school)]
    visits += [("/inzage/", externe)]

    look = LookChecker("axe")
    found = {}
    for path, cookie in visits:
        violations = axe_violations(browser, live_server.url + path, cookie, look)
        if violations:
            found[path] = violations
    # The Dutch 404 page, as anyone who follows an old link sees it, and the page of a
    # newsletter confirmation link that is not (or no longer) valid.
    errors = ["/bestaat-niet/", "/nieuwsbrieven/bevestigen/niet-geldig/"]
    for path in errors:
        violations = axe_violations(browser, live_server.url + path, None, look, 404)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1)
    look.assert_ok()
    assert len(look.checked) == len(visits) + len(errors)


def handleidingen_and_nieuwsbrieven():
    """The demo's handleidingen and nieuwsbrieven, and a subscriber's own pages (the
    personal unsubscribe and manage links of every newsletter mail)."""
    from content import demo_handleidingen
    from content.nieuwsbrieven import demo as nieuwsbrieven_demo
    from content.nieuwsbrieven.models import NewsletterList, Subscriber, Subscription

    handleidingen = demo_handleidingen.run()
    nieuwsbrieven_demo.run()
    from content.nieuwsbrieven.models import NewsletterPage

    subscriber = Subscriber.objects.create(email="lezer@school.example")
    Subscription.objects.create(
        subscriber=subscriber,
        newsletter_list=NewsletterList.objects.first(),
        status=Subscription.Status.ACTIVE,
        source=Subscription.Source.FORM,
    )
    manual = next(iter(handleidingen["manuals"].values()))
    return [
        "/handleidingen/",
        manual.url,
        "/nieuwsbrieven/",
        NewsletterPage.objects.live().first().url,
        "/nieuwsbrieven/aanmelden/",
        f"/nieuwsbrieven/afmelden/{subscriber.token}/",
        f"/nieuwsbrieven/beheren/{subscriber.token}/",
    ]
