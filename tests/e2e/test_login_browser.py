"""A redacteur logs in for the first time in a real browser: password, enrolment, admin."""

import base64
import re

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.roles import ensure_role_groups
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory


# Transactional tests flush the database afterwards; serialized_rollback puts back
# what the migrations created (the home page, Wagtail's root) for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_first_login_enrols_app_and_opens_admin(live_server, page):
    ensure_role_groups()
    user = UserFactory(email="redacteur@swv.example")
    MembershipFactory(user=user, organisation=OrganisationFactory(), role=Role.REDACTEUR)

    page.goto(f"{live_server.url}/admin/")
    assert "/account/inloggen/" in page.url
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(re.compile(r".*/account/tweestaps/.*"))
    assert page.locator("h1").inner_text() == "Tweestapsverificatie instellen"
    assert page.locator(".qr-image svg").count() == 1
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=user)
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret

    page.get_by_label("Code uit de app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Code controleren").click()
    page.wait_for_selector("ul.backup-codes")
    assert page.locator("ul.backup-codes li").count() == 10

    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.title().startswith("Dashboard")
    assert page.locator("body#wagtail").count() == 1
