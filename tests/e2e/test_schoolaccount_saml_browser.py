"""A school user logs in with their school account over SAML in a real browser (issue 29).

Through the real test IdP (tests/federatie/saml_idp.py) for the live server's
address: the IdP's auto-submitting form posts across sites to the portal, whose
hand-off page posts it again from the portal so the SameSite=Lax session cookie
comes along; then the portal's own code. Also an unknown user, a bad signature and
single logout. With ``SSO_SCREENSHOTS=<folder>`` the pages are saved at 1280 and 375 px.
"""

import base64
import os
import re

import pyotp
import pytest

from accounts.models import Role
from accounts.roles import ensure_role_groups
from devkit.factories import MembershipFactory, SchoolFactory, TOTPDeviceFactory, UserFactory
from federatie.models import SamlProvider
from tests.federatie.saml_idp import MFA_CLASS
from tests.federatie.saml_process import start_idp, stop_idp

SHOTS = os.environ.get("SSO_SCREENSHOTS")


def _shoot(page, name):
    if not SHOTS:
        return
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/saml-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def live_idp(live_server):
    base = f"{live_server.url}/account/schoolaccount/saml"
    urls = {"entity_id": f"{base}/metadata/", "acs": f"{base}/acs/", "sls": f"{base}/sls/"}
    idp = start_idp(urls)
    yield idp
    stop_idp(idp)


def _choose(page, live_server):
    page.goto(f"{live_server.url}/account/schoolaccount/")
    page.get_by_role("link", name="Basisschool De Vlinder").click()
    page.wait_for_selector("h1")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saml_login_in_a_browser(live_server, live_idp, page):
    ensure_role_groups()
    school = SchoolFactory(name="Basisschool De Vlinder")
    provider = SamlProvider(
        organisation=school, entity_id=live_idp.entity_id, metadata_xml=live_idp.metadata()
    )
    provider.full_clean()
    provider.save()
    user = UserFactory(email="ib@school-a.example")
    MembershipFactory(user=user, organisation=school, role=Role.SCHOOLGEBRUIKER)
    device = TOTPDeviceFactory(user=user)

    page.goto(f"{live_server.url}/account/inloggen/")
    _shoot(page, "login")
    page.get_by_role("link", name="Inloggen met je schoolaccount").click()
    _shoot(page, "kies-school")
    page.get_by_role("link", name="Basisschool De Vlinder").click()

    # Across sites to the IdP and back, the hand-off, then the portal's own code.
    page.wait_for_url(re.compile(r".*/account/tweestaps/.*"))
    key = pyotp.TOTP(base64.b32encode(device.bin_key).decode())
    page.get_by_label("Code").fill(key.now())
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(re.compile(r"^(?!.*tweestaps).*$"))
    assert "/account/" not in page.url

    # Single logout: the portal first, then (offered) the IdP.
    page.get_by_role("button", name="Uitloggen").first.click()
    page.wait_for_url(re.compile(r".*/account/schoolaccount/uitgelogd/$"))
    assert page.locator("h1").inner_text() == "Ook uitloggen bij je school?"
    _shoot(page, "uitgelogd")
    page.get_by_role("link", name="Ook uitloggen bij je school").click()
    page.wait_for_url(re.compile(r".*/saml/sls/.*"))
    assert page.locator("h1").inner_text() == "Je bent ook bij je school uitgelogd"
    _shoot(page, "uitgelogd-school")

    # Someone the portal does not know.
    page.context.clear_cookies()
    live_idp.scenario(mail="onbekend@school-a.example", persistent_id="vreemd")
    _choose(page, live_server)
    # A locator waits without evaluating a string (the site's CSP forbids eval, and
    # Playwright's wait_for_function with a string needs it).
    page.locator("h1", has_text="kennen").wait_for()
    assert page.locator("h1").inner_text() == "We kennen je (nog) niet"
    _shoot(page, "onbekend")

    # An IdP that signs with a key its metadata does not name.
    live_idp.scenario(sign_with_other_key=True, class_ref=MFA_CLASS)
    _choose(page, live_server)
    page.locator("h1", has_text="niet gelukt").wait_for()
    _shoot(page, "niet-gelukt")

    # The hand-off page as it looks without JavaScript.
    page.context.clear_cookies()
    live_idp.scenario()
    no_script = page.context.browser.new_context(java_script_enabled=False)
    plain = no_script.new_page()
    plain.goto(f"{live_server.url}/account/schoolaccount/")
    plain.get_by_role("link", name="Basisschool De Vlinder").click()
    plain.get_by_role("button", name="Continue").click()  # the IdP's own form (pysaml2), no script
    plain.wait_for_selector("text=Verder naar het portaal")
    _shoot(plain, "doorsturen")
    plain.get_by_role("button", name="Verder naar het portaal").click()
    plain.wait_for_url(re.compile(r".*/account/tweestaps/.*"))
    no_script.close()
