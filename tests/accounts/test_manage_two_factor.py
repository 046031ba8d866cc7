"""A user replaces their app or makes new backup codes after re-entering a code."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, Role, SecurityEvent
from devkit.clients import login_verified
from devkit.factories import TOTPDeviceFactory
from tests.conftest import totp_now

MANAGE = "/account/tweestaps/beheer/"


@pytest.fixture
def user(make_user):
    return make_user(Role.SCHOOLGEBRUIKER, email="ib@school.example")


def test_new_backup_codes_need_a_valid_code(client, user):
    device = TOTPDeviceFactory(user=user)
    old_codes = BackupCodeDevice.objects.create(user=user, name="Back-upcodes").generate_codes()
    login_verified(client, user)

    refused = client.post(MANAGE, {"code": "000000", "action": "backup"})
    assert refused.status_code == 400
    assert BackupCodeDevice.objects.get(user=user).remaining() == 10

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(MANAGE, {"code": totp_now(device), "action": "backup"})
    new_codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    # The old codes no longer work.
    assert not BackupCodeDevice.objects.get(user=user).verify_token(old_codes[0])
    assert SecurityEvent.objects.filter(user=user, kind="backup_regenerated").exists()


def test_replace_app_with_a_backup_code(client, user):
    old = TOTPDeviceFactory(user=user)
    codes = BackupCodeDevice.objects.create(user=user, name="Back-upcodes").generate_codes()
    login_verified(client, user)

    step1 = client.post(MANAGE, {"code": codes[0], "action": "replace"})
    assert step1.status_code == 302 and step1["Location"] == "/account/tweestaps/vervangen/"
    page = client.get(step1["Location"])
    assert "<svg" in page.content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)

    # Until the new app is confirmed, the old one keeps working.
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    done = client.post("/account/tweestaps/vervangen/", {"code": totp_now(new)})
    assert done.status_code == 200
    assert len(re.findall(r"<code>[a-z0-9]{5}-[a-z0-9]{5}</code>", done.content.decode())) == 10
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert TOTPDevice.objects.get(pk=new.pk).confirmed
    assert SecurityEvent.objects.filter(user=user, kind="device_replaced").exists()


def test_replace_page_without_starting_sends_back(client, user):
    TOTPDeviceFactory(user=user)
    login_verified(client, user)
    response = client.get("/account/tweestaps/vervangen/")
    assert response.status_code == 302 and response["Location"] == MANAGE


def test_manage_page_needs_login(client, db):
    response = client.get(MANAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")
