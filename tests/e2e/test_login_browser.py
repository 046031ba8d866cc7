"""A new redacteur activates their account in a real browser: the mailed link,
a new password, the authenticator app, the backup codes, then the admin."""

import base64
import re

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.activation import links as activation
from accounts.models import Role
from accounts.roles import ensure_role_groups
from devkit.factories import MembershipFactory, OrganisationFactory, UserFactory

NEW_PASSWORD = "mijn-eigen-sterke-wachtwoord-19"


# Transactional tests flush the database afterwards; serialized_rollback puts back
# what the migrations created (the home page, Wagtail's root) for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_first_login_enrols_app_and_opens_admin(live_server, page, mailoutbox):
    ensure_role_groups()
    user = UserFactory(email="redacteur@swv.example")
    user.set_unusable_password()
    user.save()
    MembershipFactory(user=user, organisation=OrganisationFactory(), role=Role.REDACTEUR)
    activation.send_link(user)
    path = re.search(r"http://testserver(/account/activeren/\S+/)", mailoutbox[-1].body).group(1)

    page.goto(f"{live_server.url}{path}")
    assert page.locator("h1").inner_text() == "Account activeren"
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan en verder").click()

    page.wait_for_url(re.compile(r".*/account/activeren/app/"))
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
    page.goto(f"{live_server.url}/admin/")
    assert page.title().startswith("Dashboard")
    assert page.locator("body#wagtail").count() == 1

    # The link worked once.
    page.goto(f"{live_server.url}{path}")
    assert page.locator("h1").inner_text() == "Link al gebruikt of verlopen"
