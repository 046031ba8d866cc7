"""The SAML rules without an IdP: the pasted metadata, the SP key, MFA classes, replays."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from devkit.factories import SchoolFactory
from federatie import saml, saml_keys
from federatie.models import SamlProvider, SeenAssertion
from tests.federatie.saml_samples import IDP_ENTITY, idp_metadata

pytestmark = pytest.mark.django_db
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _provider(**fields):
    values = {"entity_id": IDP_ENTITY, "metadata_xml": idp_metadata(), **fields}
    return SamlProvider(organisation=SchoolFactory(), **values)


def test_pasted_metadata_of_the_named_idp_is_accepted():
    _provider().full_clean()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"metadata_xml": "<geen xml"}, "geen leesbare SAML-metadata"),
        ({"metadata_xml": "   "}, "Plak de metadata"),
        ({"entity_id": "https://een-andere-idp.example/"}, "hoort niet bij dit entity-id"),
        (
            {"metadata_xml": idp_metadata().replace('use="signing"', 'use="encryption"')},
            "geen certificaat om mee te ondertekenen",
        ),
        (
            {"metadata_xml": '<!DOCTYPE x [<!ENTITY e "x">]>' + idp_metadata()},
            "geen leesbare SAML-metadata",
        ),
    ],
    ids=["not-xml", "empty", "other-entity", "no-signing-key", "entities"],
)
def test_unusable_metadata_is_a_dutch_message_on_the_form(fields, message):
    with pytest.raises(ValidationError) as error:
        _provider(**fields).full_clean()
    assert message in str(error.value)


class _Login:
    def __init__(self, classes):
        self.classes = classes


@pytest.mark.parametrize(
    ("trust", "classes", "counts"),
    [
        (True, ["urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"], True),
        (True, ["http://refeds.org/profile/mfa"], True),
        (True, ["urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"], False),
        (True, [], False),
        (False, ["http://refeds.org/profile/mfa"], False),
    ],
)
def test_mfa_counts_only_when_trusted_and_stated(trust, classes, counts):
    provider = _provider(trust_idp_mfa=trust)  # the default list of classes
    assert saml.mfa_asserted(provider, _Login(classes)) is counts


def test_an_assertion_id_is_accepted_once_and_forgotten_after_it_expires():
    provider = _provider()
    later = (timezone.now() + timedelta(minutes=5)).timestamp()

    assert saml._remember(provider, "_a1", later) is True
    assert saml._remember(provider, "_a1", later) is False
    assert saml._remember(_provider(entity_id="https://ander.example/"), "_a1", later) is True
    SeenAssertion.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert saml._remember(provider, "_a2", later) is True
    assert SeenAssertion.objects.count() == 1  # the expired ones were cleared


def test_an_active_saml_idp_without_the_sp_key_fails_the_deploy_check(settings):
    settings.SAML_SP_KEY_FILE = settings.SAML_SP_CERT_FILE = ""
    assert saml_keys.check_sp_key() == []
    provider = _provider()
    provider.save()

    assert [error.id for error in saml_keys.check_sp_key()] == ["federatie.E001"]
    with pytest.raises(saml.ProviderUnavailable):
        saml_keys.sp_key_pair()


def test_development_makes_its_own_pair_once(settings, tmp_path):
    settings.SAML_SP_GENERATE = True
    settings.SAML_SP_KEY_FILE = str(tmp_path / "sp.key")
    settings.SAML_SP_CERT_FILE = str(tmp_path / "sp.crt")

    first = saml_keys.sp_key_pair()
    key = (tmp_path / "sp.key").read_bytes()

    assert saml_keys.sp_key_pair() == first
    assert (tmp_path / "sp.key").read_bytes() == key
    assert oct((tmp_path / "sp.key").stat().st_mode & 0o777) == "0o600"


def _production(**env):
    base = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": "x" * 50,
        "LOGBOEK_HMAC_KEY": "l" * 40,
        "DJANGO_ALLOWED_HOSTS": "portaal.example",
    }
    return subprocess.run(
        [sys.executable, "-c", "import cms.settings.production"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_half_a_key_pair_and_the_tests_pair(settings):
    lone = _production(SAML_SP_KEY_FILE="/etc/swv/sp.key")
    tests_pair = _production(
        SAML_SP_KEY_FILE=settings.SAML_SP_KEY_FILE, SAML_SP_CERT_FILE=settings.SAML_SP_CERT_FILE
    )

    assert "SAML_SP_KEY_FILE and SAML_SP_CERT_FILE must both be set" in lone.stderr
    assert "The tests' SAML key pair is public" in tests_pair.stderr
    assert _production().returncode == 0  # no SAML keys: starts (SAML stays off)


def test_the_demo_gives_het_kompas_a_saml_idp_whose_metadata_checks_out(settings, tmp_path):
    from federatie import demo

    settings.BASE_DIR = tmp_path
    kompas = SchoolFactory(name="Basisschool Het Kompas", brin="99BB00")

    demo.run()
    demo.run()  # twice: nothing doubles, the key stays

    provider = SamlProvider.objects.get(organisation=kompas)
    provider.full_clean()
    assert provider.entity_id == "http://127.0.0.1:8733/metadata"
    assert (tmp_path / "var" / "saml-idp" / "good.key").exists()


def test_the_beheerder_adds_a_saml_idp_and_gets_dutch_messages_for_bad_metadata(client, make_user):
    from devkit.clients import login_verified

    login_verified(client, make_user("beheerder"))
    school = SchoolFactory(name="Basisschool De Vlinder")
    form = {
        "organisation": school.pk,
        "is_active": "on",
        "entity_id": IDP_ENTITY,
        "metadata_xml": "<md:EntityDescriptor",
        "match_attribute": "mail",
        "mfa_classes": "http://refeds.org/profile/mfa",
    }
    url = "/admin/snippets/federatie/samlprovider/add/"

    refused = client.post(url, form)
    accepted = client.post(url, {**form, "metadata_xml": idp_metadata()})

    assert refused.status_code == 200
    assert "Dit is geen leesbare SAML-metadata" in refused.content.decode()
    assert accepted.status_code == 302
    assert SamlProvider.objects.get().organisation == school
