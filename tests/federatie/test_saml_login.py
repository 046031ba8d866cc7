"""Logging in with the school account over SAML 2.0 (issue 29), against a real IdP.

The IdP (tests/federatie/saml_idp.py, pysaml2's ``Server``) runs as a process on
127.0.0.1, once for this module; the portal reads its pasted metadata and checks
what it sends: signature, audience, validity, InResponseTo and replays. From the
issue: "a federated login links only to an existing, active account of that
organisation", and "the portal accepts a federated login as two factors only when
the IdP asserts multi-factor authentication (SAML ``AuthnContextClassRef``) ...
otherwise it asks for the portal's TOTP as today".
"""

import base64
import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from devkit.factories import MembershipFactory, SchoolFactory, UserFactory
from federatie.models import FederatedIdentity, LoginEvent, SamlProvider, SeenAssertion
from tests.federatie.saml_flow import ACS, back_from_idp, log_in, post_back, to_idp, trust_mfa
from tests.federatie.saml_idp import MFA_CLASS, PASSWORD_CLASS

Outcome = LoginEvent.Outcome
pytestmark = pytest.mark.django_db


def _last_event():
    return LoginEvent.objects.order_by("-pk").first()


def test_a_good_login_without_mfa_asks_for_the_portal_code(client, saml_user):
    response, _ = log_in(client, saml_user.memberships.get().organisation, "/loket/")

    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/account/tweestaps/?next=%2Floket%2F"
    assert client.session["_auth_user_id"] == str(saml_user.pk)
    event = _last_event()
    assert (event.outcome, event.user) == (Outcome.LOGIN_TOTP, saml_user)
    assert FederatedIdentity.objects.get(user=saml_user).subject == "nameid:idp-persoon-1"


def _is_verified(client):
    response = client.get("/account/tweestaps/?next=/loket/")
    return response.status_code == 302 and response["Location"] == "/loket/"


def _school(user):
    return user.memberships.get().organisation


def test_mfa_stated_by_a_trusted_idp_counts_as_two_factors(client, saml_idp, saml_user):
    trust_mfa(_school(saml_user))
    saml_idp.scenario(class_ref=MFA_CLASS)

    response, _ = log_in(client, _school(saml_user), "/loket/")

    assert response["Location"] == "/loket/"
    assert _is_verified(client)
    assert _last_event().outcome == Outcome.LOGIN_MFA


def test_a_trusted_idp_without_mfa_still_gets_the_totp_step(client, saml_idp, saml_user):
    trust_mfa(_school(saml_user))
    saml_idp.scenario(class_ref=PASSWORD_CLASS)

    response, _ = log_in(client, _school(saml_user))

    assert response["Location"].startswith("/account/tweestaps/")
    assert not _is_verified(client)
    assert _last_event().outcome == Outcome.LOGIN_TOTP


def test_mfa_of_an_idp_the_organisation_does_not_trust_does_not_count(client, saml_idp, saml_user):
    saml_idp.scenario(class_ref=MFA_CLASS)  # trust_idp_mfa stays off

    response, _ = log_in(client, _school(saml_user))

    assert response["Location"].startswith("/account/tweestaps/")
    assert not _is_verified(client)


def test_the_accepted_classes_are_the_organisations_own_list(client, saml_idp, saml_user):
    trust_mfa(_school(saml_user), mfa_classes="urn:example:sterk")
    saml_idp.scenario(class_ref=MFA_CLASS)

    log_in(client, _school(saml_user))

    assert not _is_verified(client)


def test_without_a_persistent_nameid_the_attribute_identifies(client, saml_idp, saml_user):
    saml_idp.scenario(persistent_id=None)

    log_in(client, _school(saml_user))

    identity = FederatedIdentity.objects.get(user=saml_user)
    assert identity.subject == "mail:ib@school-a.example"
    assert identity.issuer == saml_idp.entity_id


# --- what the IdP sends is not good enough ----------------------------------------


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        ({"audience": "https://een-andere-dienst.example/"}, "aud"),
        ({"expired": True}, "exp"),
        ({"sign_with_other_key": True}, "signature"),
    ],
    ids=["wrong-audience", "expired-assertion", "bad-signature"],
)
def test_an_assertion_that_does_not_check_out_logs_no_one_in(
    client, saml_idp, saml_user, scenario, reason
):
    saml_idp.scenario(**scenario)

    response, _ = log_in(client, _school(saml_user))

    assert response.status_code == 400
    assert "Inloggen met je schoolaccount is niet gelukt" in response.content.decode()
    assert client.session.get("_auth_user_id") is None
    event = _last_event()
    assert (event.outcome, event.reason, event.user) == (Outcome.INVALID_ASSERTION, reason, None)
    assert not FederatedIdentity.objects.exists()


def test_an_assertion_changed_after_signing_is_refused(client, saml_user):
    fields = back_from_idp(to_idp(client, _school(saml_user)))
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    forged = xml.replace("ib@school-a.example", "directeur@school-a.example")
    assert forged != xml

    forged_field = base64.b64encode(forged.encode()).decode()

    response = post_back(client, {**fields, "SAMLResponse": forged_field})

    assert response.status_code == 400
    assert _last_event().reason == "signature"


def test_a_replayed_response_is_refused(client, saml_user):
    _, fields = log_in(client, _school(saml_user))
    client.logout()

    again = post_back(client, fields)

    assert again.status_code == 400
    assert "verlopen of al gebruikt" in again.content.decode()
    assert client.session.get("_auth_user_id") is None
    assert _last_event().outcome == Outcome.BAD_STATE


def test_an_assertion_id_seen_before_is_refused_in_a_new_login(client, saml_idp, saml_user):
    """The store that holds across web servers: the same assertion id in a fresh,
    correctly started login (another session, another request id) is refused."""
    saml_idp.scenario(assertion_id="_vaste-id-1")
    log_in(client, _school(saml_user))
    seen = SeenAssertion.objects.get()
    assert seen.expires_at > timezone.now()

    other = Client()
    response, _ = log_in(other, _school(saml_user))

    assert response.status_code == 400
    assert other.session.get("_auth_user_id") is None
    assert (_last_event().outcome, _last_event().reason) == (Outcome.INVALID_ASSERTION, "replay")


def test_a_response_for_a_login_another_browser_started_is_refused(client, saml_user):
    fields = back_from_idp(to_idp(client, _school(saml_user)))

    response = post_back(Client(), fields)

    assert response.status_code == 400
    assert _last_event().outcome == Outcome.BAD_STATE


def test_a_post_without_a_response_is_a_dutch_400(client, db):
    response = client.post(ACS, {"RelayState": "x"})

    assert response.status_code == 400
    assert "Dit is geen antwoord van een inlogsysteem" in response.content.decode()


def test_the_authn_request_is_signed_and_the_idp_checks_it(client, saml_user):
    sso = to_idp(client, _school(saml_user))
    query = parse_qs(urlsplit(sso).query)
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert query["Signature"]

    unsigned = sso.split("&Signature=")[0]

    assert requests.get(unsigned, timeout=10).status_code == 500  # the IdP refuses it


# --- no one gets in who was not invited -------------------------------------------


def _refused(response, client):
    assert response.status_code == 403
    assert "We kennen je (nog) niet" in response.content.decode()
    assert client.session.get("_auth_user_id") is None


def test_an_unknown_user_sees_whom_to_ask_and_gets_no_account(client, saml_idp, saml_school):
    saml_idp.scenario(mail="onbekend@school-a.example", persistent_id="vreemde-1")
    count = get_user_model().objects.count()

    response, _ = log_in(client, saml_school)

    _refused(response, client)
    assert get_user_model().objects.count() == count
    event = _last_event()
    assert (event.outcome, event.user, event.reason) == (Outcome.UNKNOWN, None, "no_account")
    logged = " ".join(str(v) for v in LoginEvent.objects.values_list())
    assert "onbekend" not in logged
    assert "vreemde" not in logged


def test_a_user_of_another_school_is_refused(client, saml_idp, saml_school, role_groups):
    other = UserFactory(email="ib@ander.example")
    MembershipFactory(user=other, organisation=SchoolFactory(), role=Role.SCHOOLGEBRUIKER)
    saml_idp.scenario(mail="ib@ander.example", persistent_id="ander-1")

    response, _ = log_in(client, saml_school)

    _refused(response, client)
    assert (_last_event().outcome, _last_event().user) == (Outcome.OTHER_ORGANISATION, other)
    assert not FederatedIdentity.objects.exists()


def test_an_inactive_account_is_refused(client, saml_user):
    saml_user.is_active = False
    saml_user.save()

    response, _ = log_in(client, _school(saml_user))

    _refused(response, client)
    assert _last_event().outcome == Outcome.INACTIVE


# --- the pages, the metadata, logging out -----------------------------------------


def test_the_login_page_and_the_choice_offer_the_saml_school(client, saml_school):
    login_page = client.get("/account/inloggen/").content.decode()
    choice = client.get("/account/schoolaccount/").content.decode()

    assert "Inloggen met je schoolaccount" in login_page
    assert 'name="password"' in login_page
    assert f'href="/account/schoolaccount/saml/{saml_school.pk}/"' in choice
    assert "Basisschool De Vlinder" in choice


def test_the_sp_metadata_names_the_portal_its_endpoints_and_key(client, db):
    response = client.get("/account/schoolaccount/saml/metadata/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/samlmetadata+xml"
    xml = response.content.decode()
    assert 'entityID="http://testserver/account/schoolaccount/saml/metadata/"' in xml
    assert 'AuthnRequestsSigned="true"' in xml
    assert 'WantAssertionsSigned="true"' in xml
    assert 'Location="http://testserver/account/schoolaccount/saml/acs/"' in xml
    assert 'use="signing"' in xml
    assert "PRIVATE KEY" not in xml


def test_logout_ends_the_session_and_offers_the_idps_single_logout(client, saml_idp, saml_user):
    trust_mfa(_school(saml_user))
    saml_idp.scenario(class_ref=MFA_CLASS)
    log_in(client, _school(saml_user))

    response = client.post("/account/uitloggen/")

    assert response["Location"] == "/account/schoolaccount/uitgelogd/"
    assert client.session.get("_auth_user_id") is None
    offer = client.get(response["Location"]).content.decode()
    assert "Ook uitloggen bij je school" in offer
    to_idp_logout = client.get("/account/schoolaccount/uitgelogd/school/")
    assert to_idp_logout["Location"].startswith(f"{saml_idp.base}/slo?SAMLRequest=")
    assert "Signature=" in to_idp_logout["Location"]
    at_idp = requests.get(to_idp_logout["Location"], allow_redirects=False, timeout=10)
    assert at_idp.status_code == 302
    back = at_idp.headers["Location"].removeprefix("http://testserver")
    assert back.startswith("/account/schoolaccount/saml/sls/?SAMLResponse=")

    done = client.get(back)

    assert done.status_code == 200
    assert "Je bent ook bij je school uitgelogd" in done.content.decode()
    assert client.get(back).status_code == 400  # the answer counts once


def test_a_password_login_logs_out_as_before(client, make_user):
    from devkit.clients import login_verified

    login_verified(client, make_user("schoolgebruiker"))

    response = client.post("/account/uitloggen/")

    assert response["Location"] == "/"
    assert client.get("/account/schoolaccount/uitgelogd/")["Location"] == "/"


def test_an_unsigned_logout_response_is_not_taken_for_done(client, saml_idp, saml_user):
    log_in(client, _school(saml_user))
    client.post("/account/uitloggen/")
    at_idp = requests.get(
        client.get("/account/schoolaccount/uitgelogd/school/")["Location"],
        allow_redirects=False,
        timeout=10,
    )
    back = at_idp.headers["Location"].removeprefix("http://testserver")

    response = client.get(back.split("&SigAlg=")[0])

    assert "Uitloggen bij je school is niet gelukt" in response.content.decode()


def test_a_saml_login_writes_no_personal_data_to_the_logs(client, saml_idp, saml_user, caplog):
    caplog.set_level(logging.DEBUG)
    saml_idp.scenario(mail="onbekend@school-a.example", persistent_id="vreemde-2")

    log_in(client, _school(saml_user))
    log_in(Client(), _school(saml_user))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "onbekend" not in logged
    assert "vreemde" not in logged
    assert "school-a.example" not in logged


def test_an_idp_without_single_logout_gets_no_logout_button(client, saml_idp, saml_user):
    provider = SamlProvider.objects.get(organisation=_school(saml_user))
    provider.metadata_xml = re.sub(r"<ns0:SingleLogoutService[^>]*/>", "", provider.metadata_xml)
    provider.full_clean()
    provider.save()
    log_in(client, _school(saml_user))

    page = client.get(client.post("/account/uitloggen/")["Location"]).content.decode()

    assert "Uitgelogd uit het portaal" in page
    assert "Ook uitloggen bij je school" not in page


def test_without_the_sp_key_the_start_is_a_dutch_503(client, saml_school, settings):
    settings.SAML_SP_KEY_FILE = ""

    response = client.get(f"/account/schoolaccount/saml/{saml_school.pk}/")

    assert response.status_code == 503
    assert "tijdelijk niet beschikbaar" in response.content.decode()
    assert (_last_event().outcome, _last_event().reason) == (
        Outcome.PROVIDER_ERROR,
        "sp_key_missing",
    )


def test_one_idp_for_many_schools_as_entree_federatie_is(client, saml_idp, saml_user):
    """Entree Federatie is one IdP for many schools: each school its own settings, and
    a user gets in only through the school that invited them."""
    first = _school(saml_user)
    second = SchoolFactory(name="Basisschool De Zwaluw")
    provider = SamlProvider.objects.get(organisation=first)
    SamlProvider.objects.create(
        organisation=second, entity_id=provider.entity_id, metadata_xml=provider.metadata_xml
    )

    wrong_school, _ = log_in(client, second)
    right_school, _ = log_in(client, first)

    assert wrong_school.status_code == 403
    assert right_school.status_code == 302
    assert client.session["_auth_user_id"] == str(saml_user.pk)
    assert FederatedIdentity.objects.get(user=saml_user).organisation == first
