"""Activation links (issue 10, hole 1): a password alone never reaches a TOTP secret.

Everything goes through HTTP with the real pages and real TOTP codes (pyotp).
"""

import base64
import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ActivationLink, Role, SecurityEvent
from devkit.clients import login_verified
from devkit.factories import TOTPDeviceFactory

LOGIN = "/account/inloggen/"
TWO_FACTOR = "/account/tweestaps/"
NEW_PASSWORD = "mijn-eigen-sterke-wachtwoord-19"
LINK = re.compile(r"http://testserver(/account/activeren/[A-Za-z0-9_-]+/)")


def link_from(mail):
    return LINK.search(mail.body).group(1)


def secret_on(page):
    match = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page.content.decode())
    return match.group(1).replace(" ", "") if match else None


def code_for(secret):
    return pyotp.TOTP(secret).now()


def assert_no_secret(response, user):
    html = response.content.decode()
    url = response.request["PATH_INFO"]
    assert 'class="secret"' not in html, url
    assert "otpauth" not in html and 'class="qr' not in html, url
    for device in TOTPDevice.objects.filter(user=user):
        assert base64.b32encode(device.bin_key).decode().rstrip("=")[:16] not in html


@pytest.fixture
def beheerder_client(users):
    return login_verified(Client(), users["beheerder"])


@pytest.fixture
def newcomer(make_user):
    """A redacteur whose account was just made: no password, no app yet."""
    user = make_user(Role.REDACTEUR, email="nieuw@swv.example")
    user.set_unusable_password()
    user.save()
    return user


def send_link_as_beheerder(beheerder_client, user, mailoutbox):
    before = len(mailoutbox)
    response = beheerder_client.post(f"/admin/accounts/activatielink/{user.pk}/")
    assert response.status_code == 302
    assert len(mailoutbox) == before + 1
    return link_from(mailoutbox[-1])


def activate(client, link, password=NEW_PASSWORD):
    form = client.get(link)
    assert form.status_code == 200 and "kies een wachtwoord" in form.content.decode()
    step = client.post(link, {"new_password1": password, "new_password2": password})
    assert step.status_code == 302 and step["Location"] == "/account/activeren/app/"
    return client.get(step["Location"])


def test_creating_a_user_in_the_admin_mails_a_link_and_no_password(
    beheerder_client, mailoutbox, users
):
    response = beheerder_client.post(
        "/admin/users/new/",
        {"email": "nieuwe.collega@swv.example", "first_name": "Nieuwe", "last_name": "Collega"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = type(users["beheerder"]).objects.get(email="nieuwe.collega@swv.example")
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert "Activeer je account" in mail.subject
    # The mail carries the link and nothing personal; the URL only a random token.
    assert "Nieuwe" not in mail.body and "Collega" not in mail.body
    assert user.email not in mail.body
    assert re.fullmatch(r"/account/activeren/[A-Za-z0-9_-]{43}/", link_from(mail))
    stored = ActivationLink.objects.get(user=user)
    assert link_from(mail).split("/")[3] != stored.token_hash, "only the hash is stored"
    assert abs(stored.expires_at - stored.created_at - timedelta(hours=72)) < timedelta(minutes=1)


def test_activation_link_sets_password_enrols_and_works_once(
    client, beheerder_client, newcomer, mailoutbox
):
    link = send_link_as_beheerder(beheerder_client, newcomer, mailoutbox)
    enrol_page = activate(client, link)
    secret = secret_on(enrol_page)
    assert secret and "<svg" in enrol_page.content.decode()

    wrong = client.post("/account/activeren/app/", {"code": "000000"})
    assert wrong.status_code == 400 and "Deze code klopt niet" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=newcomer)
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    done = client.post("/account/activeren/app/", {"code": code_for(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200, "logged in and verified"
    assert TOTPDevice.objects.get(user=newcomer).confirmed
    kinds = set(SecurityEvent.objects.filter(user=newcomer).values_list("kind", flat=True))
    assert {"activation_sent", "activated", "enrolled"} <= kinds

    # The link works once: a second use shows a Dutch page and reveals nothing.
    other = Client()
    for response in (other.get(link), other.post(link, {"new_password1": "x" * 20})):
        assert response.status_code == 410
        html = response.content.decode()
        assert "Link al gebruikt of verlopen" in html
        assert newcomer.email not in html and "new_password1" not in html
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    # Back on the next visit: password plus the code of the new app.
    client.post("/account/uitloggen/")
    client.post(LOGIN, {"username": newcomer.email, "password": NEW_PASSWORD})
    assert "Code invullen" in client.get(TWO_FACTOR).content.decode()


def test_unknown_token_looks_like_a_used_one(client, db):
    response = client.get("/account/activeren/niet-bestaand-token/")
    assert response.status_code == 410
    assert "Link al gebruikt of verlopen" in response.content.decode()


def test_expired_link_is_refused(client, beheerder_client, newcomer, mailoutbox):
    link = send_link_as_beheerder(beheerder_client, newcomer, mailoutbox)
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        response = client.get(link)
        assert response.status_code == 410
        assert "Link al gebruikt of verlopen" in response.content.decode()
        refused = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert refused.status_code == 410
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()
    assert not TOTPDevice.objects.filter(user=newcomer).exists()


def test_password_only_sessions_of_a_reset_account_see_no_secret(
    beheerder_client, users, password, mailoutbox
):
    target = users["redacteur"]
    TOTPDeviceFactory(user=target)
    assert beheerder_client.post(f"/admin/accounts/tweestaps-reset/{target.pk}/").status_code == 302
    # The old password is gone with the reset: it logs in nowhere.
    refused = Client().post(LOGIN, {"username": target.email, "password": password})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session

    # Even with a password (set through the link, enrolment abandoned, or an old
    # account), every password-only session sees the activation page, never a secret.
    activate(Client(), link_from(mailoutbox[-1]))  # a pending attempt exists now
    pending = TOTPDevice.objects.get(user=target, confirmed=False)
    sessions = [Client(), Client()]
    for session in sessions:
        login = session.post(LOGIN, {"username": target.email, "password": NEW_PASSWORD})
        assert login.status_code == 302 and login["Location"].startswith(TWO_FACTOR)
        for url in (TWO_FACTOR, "/account/activeren/app/", "/admin/", "/account/tweestaps/beheer/"):
            response = session.get(url, follow=True)
            assert_no_secret(response, target)
        page = session.get(TWO_FACTOR)
        assert "Activeer eerst je account" in page.content.decode()
        assert "via de link in de e-mail" in page.content.decode()
        posted = session.post(TWO_FACTOR, {"code": code_for(base64.b32encode(pending.bin_key))})
        assert_no_secret(posted, target)
        assert not session.session.get("otp_device_id")
    assert list(TOTPDevice.objects.filter(user=target)) == [pending], "no device made"


def test_activation_page_asks_for_a_new_link_rate_limited(client, newcomer, mailoutbox, settings):
    newcomer.set_password(NEW_PASSWORD)
    newcomer.save()
    client.post(LOGIN, {"username": newcomer.email, "password": NEW_PASSWORD})
    first = client.post("/account/activeren/nieuwe-link/", follow=True)
    assert "Als je account een nieuwe activatielink kan krijgen" in first.content.decode()
    assert [m.to for m in mailoutbox] == [[newcomer.email]]
    client.post("/account/activeren/nieuwe-link/")
    assert len(mailoutbox) == 1, "at most one link per period"
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        client.post("/account/activeren/nieuwe-link/")
    assert len(mailoutbox) == 2


def test_forgotten_password_without_app_gets_an_activation_link(client, newcomer, mailoutbox):
    response = client.post("/account/wachtwoord-vergeten/", {"email": newcomer.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/account/activeren/" in mailoutbox[0].body
    assert "wachtwoord-instellen" not in mailoutbox[0].body


def test_reset_ends_every_session_of_the_user(beheerder_client, users, mailoutbox):
    target = users["commissie"]
    before = login_verified(Client(), target)
    assert before.get("/loket/").status_code == 200
    old_key = before.session.session_key
    assert beheerder_client.post(f"/admin/accounts/tweestaps-reset/{target.pk}/").status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists(), "gone on the server"
    after = before.get("/loket/")
    assert after.status_code == 302 and after["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in before.session
    assert "/account/activeren/" in mailoutbox[-1].body
    assert beheerder_client.get("/admin/").status_code == 200, "the beheerder stays logged in"


def test_confirming_one_enrolment_discards_the_other_attempts(
    beheerder_client, newcomer, mailoutbox
):
    first_link = send_link_as_beheerder(beheerder_client, newcomer, mailoutbox)
    second_link = send_link_as_beheerder(beheerder_client, newcomer, mailoutbox)
    assert first_link != second_link
    one, two = Client(), Client()
    secret_one = secret_on(activate(one, first_link))
    secret_two = secret_on(activate(two, second_link))
    assert secret_one != secret_two, "each attempt has its own secret"
    assert TOTPDevice.objects.filter(user=newcomer, confirmed=False).count() == 2
    # Each session sees only its own attempt.
    assert secret_on(one.get("/account/activeren/app/")) == secret_one

    assert one.post("/account/activeren/app/", {"code": code_for(secret_one)}).status_code == 200
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1
    late = two.post("/account/activeren/app/", {"code": code_for(secret_two)})
    assert late.status_code == 410
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=False).exists()


def test_admin_button_refuses_an_account_that_has_an_app(beheerder_client, users, mailoutbox):
    target = users["redacteur"]
    TOTPDeviceFactory(user=target)
    page = beheerder_client.get(f"/admin/accounts/activatielink/{target.pk}/")
    assert "heeft de tweestapsverificatie al ingesteld" in page.content.decode()
    beheerder_client.post(f"/admin/accounts/activatielink/{target.pk}/")
    assert mailoutbox == []
