"""Fixtures of the school-account tests: the provider process, a school using it, its user."""

import pytest

from accounts.models import Role
from devkit.factories import MembershipFactory, SchoolFactory, UserFactory
from federatie.models import OidcProvider
from tests.federatie.provider import CLIENT_ID
from tests.federatie.provider_process import SECRET_ENV, idp, oidc_provider_process  # noqa: F401
from tests.federatie.saml_process import saml_idp, saml_idp_process  # noqa: F401


@pytest.fixture
def federated_school(db, idp):  # noqa: F811 (the fixture imported above)
    school = SchoolFactory(name="Basisschool Het Baken")
    OidcProvider.objects.create(
        organisation=school,
        issuer=idp.issuer,
        client_id=CLIENT_ID,
        client_secret_env=SECRET_ENV,
    )
    return school


@pytest.fixture
def school_user(federated_school, role_groups):
    user = UserFactory(email="ib@school-a.example")
    MembershipFactory(user=user, organisation=federated_school, role=Role.SCHOOLGEBRUIKER)
    return user


@pytest.fixture
def saml_school(db, saml_idp):  # noqa: F811 (the fixture imported above)
    """A school whose IdP is the test SAML IdP (its metadata as the beheerder pastes it)."""
    from federatie.models import SamlProvider

    school = SchoolFactory(name="Basisschool De Vlinder")
    provider = SamlProvider(
        organisation=school, entity_id=saml_idp.entity_id, metadata_xml=saml_idp.metadata()
    )
    provider.full_clean()
    provider.save()
    return school


@pytest.fixture
def saml_user(saml_school, role_groups):
    user = UserFactory(email="ib@school-a.example")
    MembershipFactory(user=user, organisation=saml_school, role=Role.SCHOOLGEBRUIKER)
    return user
