"""``manage.py demo``: every role present, idempotent, refused in production."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import Organisation, Role, User


def snapshot():
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("sessions.", "axes."))
    }
    passwords = dict(User.objects.values_list("email", "password"))
    return counts, passwords


@pytest.mark.django_db
def test_demo_creates_every_role_and_is_idempotent(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    for email in [
        "ib@school-a.example",
        "ib@school-b.example",
        "consulent@swv.example",
        "commissie@swv.example",
        "redacteur@swv.example",
        "beheerder@swv.example",
        "extern@cleo.example",
    ]:
        assert email in out
        assert User.objects.get(email=email).check_password("demo-wachtwoord")
    assert "demo-wachtwoord" in out
    assert Organisation.objects.filter(kind="swv").count() == 1
    assert Organisation.objects.filter(kind="bestuur").count() == 2
    assert Organisation.objects.filter(kind="school").count() == 4
    assert Organisation.objects.filter(kind="extern", name__startswith="CLEO").exists()
    roles = set(
        User.objects.filter(email__endswith=".example").values_list("memberships__role", flat=True)
    )
    assert roles == set(Role.values)
    school_a = User.objects.get(email="ib@school-a.example").schools().get()
    school_b = User.objects.get(email="ib@school-b.example").schools().get()
    assert school_a != school_b

    first = snapshot()
    call_command("demo")
    assert snapshot() == first


@pytest.mark.django_db
def test_demo_refuses_production_settings(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="productie"):
        call_command("demo")


@pytest.mark.slow
@pytest.mark.django_db
def test_democode_prints_the_current_code_of_a_demo_account(capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import totp_now

    call_command("demo")
    # The demo enrols every demo account: a confirmed app, no activation mail needed.
    for user in User.objects.filter(email__endswith=".example"):
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    user = User.objects.get(email="ib@school-a.example")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    # A pending attempt (someone halfway through an activation) does not change the code.
    TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    capsys.readouterr()
    call_command("democode", "ib@school-a.example")
    assert capsys.readouterr().out.strip() == totp_now(device)
    with pytest.raises(CommandError):
        call_command("democode", "iemand@echt-domein.nl")
