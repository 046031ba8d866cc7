"""The rules of a federated login without the protocol: MFA, the settings, the device."""

import pytest
from django.core.exceptions import ValidationError

from devkit.factories import SchoolFactory
from federatie import linking
from federatie.models import FederatedDevice, OidcProvider

pytestmark = pytest.mark.django_db


def _provider(**fields):
    values = {
        "issuer": "https://idp.example/",
        "client_id": "portaal",
        "client_secret_env": "OIDC_SECRET_X",
        **fields,
    }
    return OidcProvider(organisation=SchoolFactory(), **values)


@pytest.mark.parametrize(
    ("trust", "claims", "counts"),
    [
        (True, {"amr": ["pwd", "mfa"]}, True),
        (True, {"amr": ["pwd"]}, False),
        (True, {"amr": "mfa"}, False),  # amr is a list in OIDC; a bare string is not trusted
        (True, {}, False),
        (False, {"amr": ["mfa"]}, False),
        (True, {"acr": "urn:mfa"}, True),
        (True, {"acr": "urn:pwd"}, False),
    ],
)
def test_mfa_counts_only_when_trusted_and_asserted(trust, claims, counts):
    provider = _provider(trust_idp_mfa=trust, mfa_amr_values="mfa otp", mfa_acr_values="urn:mfa")
    assert linking.mfa_asserted(provider, claims) is counts


@pytest.mark.parametrize("value", ["geheim123", "oidc_secret", "", "S"])
def test_the_secret_field_takes_a_variable_name_never_a_secret(value):
    provider = _provider(client_secret_env=value)
    with pytest.raises(ValidationError) as error:
        provider.full_clean()
    assert "vul hier nooit het secret zelf in" in str(error.value)


def test_the_issuer_is_kept_without_its_trailing_slash():
    provider = _provider()
    provider.full_clean()
    assert provider.issuer == "https://idp.example"


def test_the_mfa_device_takes_no_code(make_user):
    user = make_user("schoolgebruiker")
    device = linking.mfa_device(user)
    assert device == linking.mfa_device(user)  # one per account
    assert FederatedDevice.objects.filter(user=user).count() == 1
    assert device.verify_token("123456") is False
