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


@pytest.mark.slow
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


def demo_settings():
    """What the newer demo sets on what an older one already made."""
    from forms.models import LoketFormPage

    schools = Organisation.objects.filter(kind="school")
    return {
        "school_types": dict(schools.values_list("brin", "school_type")),
        "licences": dict(
            Organisation.objects.exclude(licence_name="").values_list("name", "licence_name")
        ),
        "tlv_verlenging": LoketFormPage.objects.get(slug="tlv-verlenging").audiences,
        "tlv_revision": LoketFormPage.objects.get(slug="tlv-verlenging")
        .get_latest_revision_as_object()
        .audiences,
    }


# Upgrading publishes a revision of the form page; nothing else may differ.
UPGRADE_ROWS = {"wagtailcore.Revision", "wagtailcore.PageLogEntry"}


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_upgrades_a_database_of_an_older_version():
    """An older demo made the schools without a schooltype, CLEO without TOMVONK and the
    TLV-verlenging for every school; running the new demo brings each of these to the
    state of a fresh run, without duplicates. (Two runs in a row: the test above.)"""
    from forms.models import LoketFormPage

    call_command("demo")
    fresh, fresh_counts = demo_settings(), snapshot()[0]
    assert set(fresh["school_types"].values()) == {"bao", "vso"}
    assert fresh["licences"]["CLEO Centrum voor Leerlingondersteuning"] == "TOMVONK"
    assert fresh["tlv_verlenging"] == fresh["tlv_revision"]
    assert sorted(fresh["tlv_verlenging"]) == [
        "schooltype-extern",
        "schooltype-so",
        "schooltype-vso",
    ]

    # The database as the older version left it.
    Organisation.objects.filter(kind="school").update(school_type="")
    Organisation.objects.filter(kind="extern").update(licence_name="")
    LoketFormPage.objects.filter(slug="tlv-verlenging").update(audiences=[])
    page = LoketFormPage.objects.get(slug="tlv-verlenging")
    page.save_revision().publish()
    assert demo_settings()["tlv_revision"] == []

    # A beheerder's own choice since then is not overwritten: only empty fields are filled.
    Organisation.objects.filter(brin="99CC00").update(school_type="sbo")
    fresh["school_types"]["99CC00"] = "sbo"

    call_command("demo")
    assert demo_settings() == fresh
    counts = snapshot()[0]
    for label in set(counts) - UPGRADE_ROWS:
        assert counts[label] == fresh_counts[label], label


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
