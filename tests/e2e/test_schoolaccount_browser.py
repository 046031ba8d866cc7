"""A school user logs in with their school account in a real browser, through the
real test OpenID provider, and an unknown one sees whom to ask (issue 29).

With ``SSO_SCREENSHOTS=<folder>`` the pages are also saved at 1280 and 375 px.
"""

import base64
import os
import re

import pyotp
import pytest

from accounts.models import Role
from accounts.roles import ensure_role_groups
from devkit.factories import MembershipFactory, SchoolFactory, TOTPDeviceFactory, UserFactory
from federatie.models import OidcProvider
from tests.federatie.provider import CLIENT_ID
from tests.federatie.provider_process import SECRET_ENV, idp, oidc_provider_process  # noqa: F401

SHOTS = os.environ.get("SSO_SCREENSHOTS")


def _shoot(page, name):
    if not SHOTS:
        return
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_school_account_login_then_the_portal_code(live_server, page, request):
    provider = request.getfixturevalue("idp")  # from tests.federatie.provider_process
    ensure_role_groups()
    school = SchoolFactory(name="Basisschool De Regenboog")
    OidcProvider.objects.create(
        organisation=school,
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret_env=SECRET_ENV,
    )
    user = UserFactory(email="ib@school-a.example")
    MembershipFactory(user=user, organisation=school, role=Role.SCHOOLGEBRUIKER)
    device = TOTPDeviceFactory(user=user)

    page.goto(f"{live_server.url}/account/inloggen/")
    _shoot(page, "login")
    page.get_by_role("link", name="Inloggen met je schoolaccount").click()
    assert page.locator("h1").inner_text() == "Inloggen met je schoolaccount"
    _shoot(page, "kies-school")
    page.get_by_role("link", name="Basisschool De Regenboog").click()

    # The IdP approved and sent the browser back; no MFA asserted: the portal's own code.
    page.wait_for_url(re.compile(r".*/account/tweestaps/.*"))
    key = pyotp.TOTP(base64.b32encode(device.bin_key).decode())
    page.get_by_label("Code").fill(key.now())
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(re.compile(r"^(?!.*tweestaps).*$"))
    assert "/account/" not in page.url

    # Logged in with the code, the user links the school account (as for Entree's
    # encrypted uid); the IdP says it is the same person, the link is kept.
    provider.scenario(sub="qj7cks8qdz9ph54@regenboog")
    page.goto(f"{live_server.url}/account/schoolaccount/koppelen/")
    _shoot(page, "koppelen")
    page.get_by_role("link", name="Schoolaccount van Basisschool De Regenboog koppelen").click()
    page.wait_for_url(re.compile(r".*/account/schoolaccount/koppelen/$"))
    assert "Je schoolaccount is gekoppeld" in page.content()
    assert page.get_by_role("cell", name="Basisschool De Regenboog").is_visible()
    _shoot(page, "gekoppeld")
    provider.scenario(sub="idp-user-1")

    # Someone the portal does not know.
    page.context.clear_cookies()
    provider.scenario(email="onbekend@school-a.example", sub="vreemd")
    page.goto(f"{live_server.url}/account/schoolaccount/")
    page.get_by_role("link", name="Basisschool De Regenboog").click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "We kennen je (nog) niet"
    _shoot(page, "onbekend")

    # The provider is away.
    OidcProvider.objects.filter(organisation=school).update(issuer="http://127.0.0.1:8749")
    page.goto(f"{live_server.url}/account/schoolaccount/")
    page.get_by_role("link", name="Basisschool De Regenboog").click()
    page.wait_for_selector("h1")
    assert "tijdelijk niet beschikbaar" in page.locator("h1").inner_text()
    _shoot(page, "niet-beschikbaar")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_beheerder_configures_a_provider_in_the_admin(live_server, page):
    from django.conf import settings as django_settings
    from django.test import Client

    from devkit.clients import login_verified
    from devkit.factories import OrganisationFactory

    ensure_role_groups()
    school = SchoolFactory(name="Basisschool Het Kompas")
    beheerder = UserFactory(email="beheerder@swv.example")
    MembershipFactory(user=beheerder, organisation=OrganisationFactory(), role=Role.BEHEERDER)
    cookie = login_verified(Client(), beheerder).cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )

    page.goto(f"{live_server.url}/admin/snippets/federatie/oidcprovider/add/")
    page.locator("select[name=organisation]").select_option(label="Basisschool Het Kompas")
    page.locator("input[name=issuer]").fill("https://login.microsoftonline.com/tenant-kompas/v2.0")
    page.locator("input[name=client_id]").fill("portaal-kompas")
    page.locator("input[name=client_secret_env]").fill("geheim")
    _shoot(page, "admin-provider")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("vul hier nooit het secret zelf in").wait_for()
    _shoot(page, "admin-provider-fout")
    assert not OidcProvider.objects.exists()

    page.locator("input[name=client_secret_env]").fill("OIDC_SECRET_KOMPAS")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r".*/admin/snippets/federatie/oidcprovider/$"))
    _shoot(page, "admin-providers")
    provider = OidcProvider.objects.get()
    assert (provider.organisation, provider.issuer) == (
        school,
        "https://login.microsoftonline.com/tenant-kompas/v2.0",
    )
