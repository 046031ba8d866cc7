"""Every URL of the project, GET and POST, sends an unverified session to the 2FA page.

The list of URLs is generated from the URL resolver, so a URL added later is
covered without touching this test.
"""

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from accounts.models import Role
from tests.urlwalk import iter_url_patterns

EXEMPT = set(settings.TWO_FACTOR_EXEMPT_URL_NAMES)


def all_paths():
    seen = {}
    for path, view_name, pattern in iter_url_patterns():
        seen.setdefault(path, (view_name, pattern))
    return seen


def test_url_walk_covers_every_pattern():
    paths = all_paths()
    unresolved = []
    for path, (_, pattern) in paths.items():
        try:
            resolve(path)
        except Resolver404:
            unresolved.append((path, str(pattern.pattern)))
    assert not unresolved, unresolved
    # The admin alone has hundreds of URLs; make sure we really walked them.
    assert sum(1 for p in paths if p.startswith("/admin/")) > 200


@pytest.fixture
def unverified_client(client, make_user, password):
    user = make_user(Role.BEHEERDER, email="half-ingelogd@swv.example")
    response = client.post("/account/inloggen/", {"username": user.email, "password": password})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    return client


def test_every_url_redirects_an_unverified_session(unverified_client):
    offenders = []
    for path, (view_name, _) in sorted(all_paths().items()):
        if view_name in EXEMPT:
            continue
        for method in ("get", "post"):
            response = getattr(unverified_client, method)(path)
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith("/account/tweestaps/"):
                offenders.append((method.upper(), path, response.status_code, location))
    assert not offenders, offenders


def test_exempt_urls_are_only_the_login_flow():
    """And the house style, which the login and two-factor pages load: only colours."""
    assert {
        "theme_css",
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor",
        "accounts:activate",
        "accounts:activate_app",
        "accounts:activation_resend",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
    } == EXEMPT


def test_the_two_factor_page_gets_its_house_style(unverified_client):
    """A half-logged-in user sees the two-factor page in the SWV's colours: /thema.css
    is a stylesheet for them too, not a redirect to the page that loads it."""
    page = unverified_client.get("/account/tweestaps/")
    assert 'href="/thema.css"' in page.content.decode()
    response = unverified_client.get("/thema.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--swv-kleur-primair:" in response.content.decode()
