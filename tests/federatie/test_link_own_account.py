"""A user links their own school account while logged in (issue 29: "which attribute
identify a user (e.g. the uid/eckId/e-mail the IdP releases)").

Entree Federatie passes an encrypted ``uid`` (``hash@realm``) and, on request, an
ECK iD: neither can be compared with an e-mail address. With ``link_only`` on, the
portal matches nothing: a user logged in with password and code links the identity
once, and only linked identities log in. Against the real test OIDC provider.
"""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from devkit.clients import login_verified
from devkit.factories import MembershipFactory, SchoolFactory, UserFactory
from federatie.models import FederatedIdentity, LoginEvent, OidcProvider, SamlProvider
from tests.federatie.flow import back_from_idp, log_in

Outcome = LoginEvent.Outcome
LINK = "/account/schoolaccount/koppelen/"
pytestmark = pytest.mark.django_db


def _link_only(school):
    OidcProvider.objects.filter(organisation=school).update(link_only=True)


def _start_link(client, school):
    response = client.get(f"{LINK}oidc/{school.pk}/")
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def test_with_link_only_an_unlinked_identity_is_refused_even_when_the_address_matches(
    client, school_user
):
    school = school_user.memberships.get().organisation
    _link_only(school)

    response, _ = log_in(client, school)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not FederatedIdentity.objects.exists()
    event = LoginEvent.objects.order_by("-pk").first()
    assert (event.outcome, event.reason) == (Outcome.UNKNOWN, "not_linked")


def test_a_verified_user_links_their_school_account_and_then_logs_in_with_it(
    client, idp, school_user
):
    school = school_user.memberships.get().organisation
    _link_only(school)
    idp.scenario(sub="qj7cks8qdz9ph54@baken", email="iets-anders@school-a.example")
    login_verified(client, school_user)

    page = client.get(LINK)
    assert page.status_code == 200
    assert "Schoolaccount van Basisschool Het Baken koppelen" in page.content.decode()

    answer = client.get(back_from_idp(_start_link(client, school)))

    assert answer.status_code == 302 and answer["Location"] == LINK
    identity = FederatedIdentity.objects.get(user=school_user)
    assert (identity.subject, identity.organisation) == ("qj7cks8qdz9ph54@baken", school)
    assert LoginEvent.objects.filter(outcome=Outcome.LINKED, user=school_user).exists()
    assert "Basisschool Het Baken" in client.get(LINK).content.decode()

    client.logout()
    response, _ = log_in(client, school, "/loket/")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(school_user.pk)
    assert response["Location"].startswith("/account/tweestaps/")  # no MFA asserted


def test_an_identity_linked_to_someone_else_stays_theirs(client, idp, school_user):
    school = school_user.memberships.get().organisation
    _link_only(school)
    colleague = UserFactory(email="collega@school-a.example")
    MembershipFactory(user=colleague, organisation=school, role=Role.SCHOOLGEBRUIKER)
    FederatedIdentity.objects.create(
        user=colleague, organisation=school, issuer=idp.issuer, subject="idp-user-1"
    )
    login_verified(client, school_user)

    answer = client.get(back_from_idp(_start_link(client, school)))

    assert answer.status_code == 409
    assert "al aan een ander account" in answer.content.decode()
    assert FederatedIdentity.objects.get(subject="idp-user-1").user == colleague
    assert not FederatedIdentity.objects.filter(user=school_user).exists()
    event = LoginEvent.objects.order_by("-pk").first()
    assert (event.outcome, event.reason) == (Outcome.LINK_REFUSED, "linked_to_other")


def test_linking_again_replaces_ones_own_earlier_link(client, idp, school_user):
    school = school_user.memberships.get().organisation
    login_verified(client, school_user)
    client.get(back_from_idp(_start_link(client, school)))
    idp.scenario(sub="nieuw-pseudoniem")

    client.get(back_from_idp(_start_link(client, school)))

    assert list(FederatedIdentity.objects.filter(user=school_user).values_list("subject")) == [
        ("nieuw-pseudoniem",)
    ]


def test_only_a_school_of_ones_own_can_be_linked(client, idp, school_user):
    other = SchoolFactory(name="Andere school")
    OidcProvider.objects.create(
        organisation=other, issuer=idp.issuer, client_id="x", client_secret_env="OIDC_X"
    )
    login_verified(client, school_user)

    assert client.get(f"{LINK}oidc/{other.pk}/").status_code == 404
    assert client.get(f"{LINK}saml/{other.pk}/").status_code == 404
    assert "Andere school" not in client.get(LINK).content.decode()


def test_anonymous_and_half_logged_in_users_cannot_start_a_link(client, school_user):
    school = school_user.memberships.get().organisation
    response = client.get(f"{LINK}oidc/{school.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")

    client.force_login(school_user)  # password only, no second factor yet
    response = client.get(f"{LINK}oidc/{school.pk}/")
    assert response["Location"].startswith("/account/tweestaps/")


def test_a_link_callback_in_a_session_that_logged_out_links_nothing(client, school_user):
    school = school_user.memberships.get().organisation
    login_verified(client, school_user)
    callback = back_from_idp(_start_link(client, school))
    pending = client.session["federatie_pending"]
    client.logout()
    session = client.session
    session["federatie_pending"] = pending  # the same browser, now logged out
    session.save()

    response = client.get(callback)

    assert response.status_code == 400
    assert not FederatedIdentity.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_eckid_needs_link_only(saml_school):
    provider = SamlProvider.objects.get(organisation=saml_school)
    provider.match_attribute = SamlProvider.MatchAttribute.ECKID
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert "link_only" in refused.value.message_dict
    provider.link_only = True
    provider.full_clean()
