"""The login journey through HTTP: password, enrolment, verification, backup codes."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCode, BackupCodeDevice, Role, SecurityEvent
from devkit.factories import TOTPDeviceFactory
from tests.conftest import totp_now

LOGIN = "/account/inloggen/"
TWO_FACTOR = "/account/tweestaps/"


def password_login(client, user, password, next_url="/"):
    return client.post(LOGIN, {"username": user.email, "password": password, "next": next_url})


@pytest.fixture
def redacteur(make_user):
    return make_user(Role.REDACTEUR, email="redacteur@swv.example")


def test_login_page_is_dutch_and_accessible(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert html.count("<h1") == 1
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert "E-mailadres" in html and "Wachtwoord" in html
    assert "no-store" in response["Cache-Control"]


def test_wrong_password_gives_dutch_error(client, redacteur):
    response = password_login(client, redacteur, "fout-wachtwoord")
    assert response.status_code == 200
    assert (
        "Deze combinatie van e-mailadres en wachtwoord kennen we niet." in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_enrolment_shows_qr_and_secret_then_ten_backup_codes(client, redacteur, mailoutbox):
    # Enrolment starts from the activation link only (issue 10): the password
    # alone shows the activation page, never a secret.
    from accounts.activation import links as activation

    redacteur.set_unusable_password()
    redacteur.save()
    activation.send_link(redacteur)
    link = re.search(r"http://testserver(/account/activeren/\S+/)", mailoutbox[0].body).group(1)
    new_password = "een-nieuw-sterk-wachtwoord-77"
    response = client.post(link, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    enrol_url = response["Location"]

    # Not logged in, let alone verified: the admin is out of reach.
    assert client.get("/admin/")["Location"].startswith(LOGIN)

    page = client.get(enrol_url)
    html = page.content.decode()
    assert "<svg" in html, "QR code is rendered inline, made locally"
    secret_text = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user=redacteur, confirmed=False)
    assert secret_text.replace(" ", "") in __import__("base64").b32encode(device.bin_key).decode()

    wrong = client.post(enrol_url, {"code": "000000"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    session_key_before = client.session.session_key
    done = client.post(enrol_url, {"code": totp_now(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.session.session_key != session_key_before, "session key rotated"
    device.refresh_from_db()
    assert device.confirmed
    assert SecurityEvent.objects.filter(user=redacteur, kind="enrolled").exists()

    # Backup codes are stored hashed, never in plain text.
    stored = list(BackupCode.objects.filter(device__user=redacteur))
    assert len(stored) == 10
    for code in codes:
        plain = code.replace("-", "")
        assert all(plain not in (row.code_hash + row.salt) for row in stored)

    # Verified now: the admin opens.
    assert client.get("/admin/").status_code == 200


def test_user_with_device_must_enter_totp(client, redacteur, password):
    device = TOTPDeviceFactory(user=redacteur)
    response = password_login(client, redacteur, password, next_url="/admin/documents/")
    page = client.get(response["Location"])
    assert "Code invullen" in page.content.decode()
    assert client.get("/admin/").status_code == 302

    session_key_before = client.session.session_key
    ok = client.post(TWO_FACTOR, {"code": totp_now(device), "next": "/admin/documents/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/documents/"
    assert client.session.session_key != session_key_before
    assert client.get("/admin/documents/").status_code == 200


def test_totp_code_is_single_use(client, redacteur, password):
    device = TOTPDeviceFactory(user=redacteur)
    code = totp_now(device)
    password_login(client, redacteur, password)
    assert client.post(TWO_FACTOR, {"code": code})["Location"] == "/"
    client.post("/account/uitloggen/")

    password_login(client, redacteur, password)
    again = client.post(TWO_FACTOR, {"code": code})
    assert again.status_code == 400
    assert "klopt niet of is al gebruikt" in again.content.decode()


def test_backup_code_verifies_once(client, redacteur, password):
    TOTPDeviceFactory(user=redacteur)
    backup = BackupCodeDevice.objects.create(user=redacteur, name="Back-upcodes")
    codes = backup.generate_codes()

    password_login(client, redacteur, password)
    ok = client.post(TWO_FACTOR, {"code": codes[3]})
    assert ok.status_code == 302
    assert backup.remaining() == 9
    client.post("/account/uitloggen/")

    password_login(client, redacteur, password)
    again = client.post(TWO_FACTOR, {"code": codes[3]})
    assert again.status_code == 400
    assert backup.remaining() == 9


def test_reset_password_never_logs_in_nor_skips_second_factor(client, redacteur, mailoutbox):
    TOTPDeviceFactory(user=redacteur)
    response = client.post("/account/wachtwoord-vergeten/", {"email": redacteur.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/account/wachtwoord-instellen/\S+/)", mailoutbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert "Nieuw wachtwoord instellen" in form_page.content.decode()
    new_password = "een-nieuw-sterk-wachtwoord-77"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session, "a reset never logs the user in"

    after_login = password_login(client, redacteur, new_password)
    assert after_login["Location"].startswith(TWO_FACTOR)
    assert client.get("/admin/")["Location"].startswith(TWO_FACTOR)


def test_reset_for_unknown_address_looks_the_same(client, db, mailoutbox):
    response = client.post("/account/wachtwoord-vergeten/", {"email": "niemand@nergens.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_logout_requires_post_and_ends_session(client, redacteur):
    from devkit.clients import login_verified

    login_verified(client, redacteur)
    confirm = client.get("/account/uitloggen/")
    assert confirm.status_code == 200 and "Wil je uitloggen?" in confirm.content.decode()
    assert "_auth_user_id" in client.session
    client.post("/account/uitloggen/")
    assert "_auth_user_id" not in client.session
