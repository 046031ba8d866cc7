"""Failed passwords lock a username (django-axes); failed codes throttle (django-otp)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import BackupCodeDevice, Role
from devkit.factories import TOTPDeviceFactory
from tests.conftest import totp_now

LOGIN = "/account/inloggen/"
TWO_FACTOR = "/account/tweestaps/"


@pytest.fixture
def user(make_user):
    return make_user(Role.CONSULENT, email="consulent@swv.example")


def fail_logins(client, email, times):
    for _ in range(times):
        client.post(LOGIN, {"username": email, "password": "helemaal-fout"})


def test_lockout_after_five_wrong_passwords_even_with_right_one(client, user, password, settings):
    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": user.email, "password": password})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_reveal_whether_address_exists(client, user, settings):
    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT)
    existing = client.post(LOGIN, {"username": user.email, "password": "x"})
    other = client.__class__()
    fail_logins(other, "bestaat-niet@swv.example", settings.AXES_FAILURE_LIMIT)
    unknown = other.post(LOGIN, {"username": "bestaat-niet@swv.example", "password": "x"})
    assert existing.status_code == unknown.status_code == 429

    def strip_csrf(html):
        import re

        return re.sub(r'value="[^"]+"', "", html)

    assert strip_csrf(existing.content.decode()) == strip_csrf(unknown.content.decode())


def test_wrong_code_throttles_even_the_right_code(client, user, password):
    device = TOTPDeviceFactory(user=user)
    client.post(LOGIN, {"username": user.email, "password": password})
    first = client.post(
        TWO_FACTOR, {"code": "123456" if totp_now(device) != "123456" else "654321"}
    )
    assert first.status_code == 400

    blocked = client.post(TWO_FACTOR, {"code": totp_now(device)})
    assert blocked.status_code == 400
    assert "Te veel onjuiste codes" in blocked.content.decode()
    assert client.get("/account/tweestaps/beheer/")["Location"].startswith(TWO_FACTOR)

    # Once the delay has passed, the right code works.
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=61)
    device.save()
    assert client.post(TWO_FACTOR, {"code": totp_now(device)}).status_code == 302


def test_wrong_backup_codes_throttle_exponentially(client, user, password):
    TOTPDeviceFactory(user=user)
    backup = BackupCodeDevice.objects.create(user=user, name="Back-upcodes")
    codes = backup.generate_codes()
    client.post(LOGIN, {"username": user.email, "password": password})
    assert client.post(TWO_FACTOR, {"code": "aaaaa-bbbbb"}).status_code == 400
    backup.refresh_from_db()
    assert backup.throttling_failure_count == 1
    response = client.post(TWO_FACTOR, {"code": codes[0]})
    assert "Te veel onjuiste codes" in response.content.decode()
    assert backup.remaining() == 10, "a throttled attempt does not consume a code"
