"""Logging in with the school account (issue 29), against a real OpenID provider.

The provider (tests/federatie/provider.py, Authlib's authorization server) runs as a
process on 127.0.0.1; the portal talks to it over HTTP for discovery, the token and
its JWKS. From the issue: "a federated login links only to an existing, active
account of that organisation ... an unknown or unlinked identity sees a Dutch page
saying whom to ask — never a new account with a role", and "the portal accepts a
federated login as two factors only when the IdP asserts multi-factor
authentication ... otherwise it asks for the portal's TOTP as today".
"""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Membership, Role
from devkit.factories import MembershipFactory, SchoolFactory, UserFactory
from federatie.models import FederatedIdentity, LoginEvent, OidcProvider
from tests.federatie.flow import CHOOSE, back_from_idp, log_in, to_idp, trust_mfa

Outcome = LoginEvent.Outcome
pytestmark = pytest.mark.django_db


def _session_user(client):
    return client.session.get("_auth_user_id")


def _is_verified(client):
    """The 2FA middleware lets a verified session through to a private page."""
    response = client.get("/account/tweestaps/?next=/loket/")
    return response.status_code == 302 and response["Location"] == "/loket/"


def _last_event():
    return LoginEvent.objects.order_by("-pk").first()


# --- good logins ------------------------------------------------------------------


def test_a_good_login_without_mfa_asks_for_the_portal_code(client, school_user):
    response, _ = log_in(client, school_user.memberships.get().organisation, "/loket/")

    assert response.status_code == 302
    assert response["Location"] == "/account/tweestaps/?next=%2Floket%2F"
    assert _session_user(client) == str(school_user.pk)
    assert not _is_verified(client)
    assert client.get("/loket/")["Location"].startswith("/account/tweestaps/")
    event = _last_event()
    assert (event.outcome, event.user, event.reason) == (Outcome.LOGIN_TOTP, school_user, "")
    identity = FederatedIdentity.objects.get(user=school_user)
    assert identity.subject == "idp-user-1"


def test_mfa_asserted_by_a_trusted_idp_counts_as_two_factors(client, idp, school_user):
    school = school_user.memberships.get().organisation
    trust_mfa(school)
    idp.scenario(amr=["pwd", "mfa"])

    response, _ = log_in(client, school, "/loket/")

    assert response.status_code == 302
    assert response["Location"] == "/loket/"
    assert _is_verified(client)
    assert _last_event().outcome == Outcome.LOGIN_MFA


def test_the_way_to_the_idp_is_a_link_not_a_form(client, federated_school):
    """CSP form-action 'self' also governs the redirect after a form: a form could
    not lead to the IdP. The choice page has links to the start, and no form."""
    page = client.get(CHOOSE).content.decode()

    assert f'href="{CHOOSE}{federated_school.pk}/"' in page
    assert 'action="/account/schoolaccount/' not in page


def test_a_trusted_idp_without_mfa_still_gets_the_totp_step(client, idp, school_user):
    school = school_user.memberships.get().organisation
    trust_mfa(school)
    idp.scenario(amr=["pwd"])

    response, _ = log_in(client, school)

    assert response["Location"].startswith("/account/tweestaps/")
    assert not _is_verified(client)
    assert _last_event().outcome == Outcome.LOGIN_TOTP


def test_mfa_of_an_idp_the_organisation_does_not_trust_does_not_count(client, idp, school_user):
    idp.scenario(amr=["mfa"])  # trust_idp_mfa stays off

    response, _ = log_in(client, school_user.memberships.get().organisation)

    assert response["Location"].startswith("/account/tweestaps/")
    assert not _is_verified(client)


def test_an_acr_value_can_be_what_means_mfa(client, idp, school_user):
    school = school_user.memberships.get().organisation
    trust_mfa(school, mfa_amr_values="", mfa_acr_values="urn:example:mfa")
    idp.scenario(amr=["pwd"], acr="urn:example:mfa")

    log_in(client, school)

    assert _is_verified(client)


def test_a_linked_identity_is_found_by_subject_not_by_the_claim(client, idp, school_user):
    school = school_user.memberships.get().organisation
    log_in(client, school)
    client.logout()
    idp.scenario(email="nieuw-adres@school-a.example")  # renamed at the IdP

    response, _ = log_in(client, school)

    assert _session_user(client) == str(school_user.pk)
    assert response["Location"].startswith("/account/tweestaps/")


def test_roles_and_memberships_stay_as_the_portal_has_them(client, school_user):
    before = list(Membership.objects.values_list("user", "organisation", "role"))

    log_in(client, school_user.memberships.get().organisation)

    assert list(Membership.objects.values_list("user", "organisation", "role")) == before


# --- the provider's answer is not good enough -------------------------------------


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        ({"aud": "een-andere-applicatie"}, "aud"),
        ({"expired": True}, "exp"),
        ({"sign_with_other_key": True}, "signature"),
    ],
    ids=["wrong-audience", "expired-token", "bad-signature"],
)
def test_a_token_that_does_not_check_out_logs_no_one_in(client, idp, school_user, scenario, reason):
    idp.scenario(**scenario)

    response, _ = log_in(client, school_user.memberships.get().organisation)

    assert response.status_code == 400
    assert "Inloggen met je schoolaccount is niet gelukt" in response.content.decode()
    assert _session_user(client) is None
    event = _last_event()
    assert (event.outcome, event.reason, event.user) == (Outcome.INVALID_TOKEN, reason, None)
    assert not FederatedIdentity.objects.exists()


def test_a_replayed_callback_is_refused(client, school_user):
    _, callback = log_in(client, school_user.memberships.get().organisation)
    client.logout()

    again = client.get(callback)

    assert again.status_code == 400
    assert "verlopen of al gebruikt" in again.content.decode()
    assert _session_user(client) is None
    assert _last_event().outcome == Outcome.BAD_STATE


def test_a_callback_in_another_browser_is_refused(client, school_user):
    from django.test import Client

    callback = back_from_idp(to_idp(client, school_user.memberships.get().organisation))

    response = Client().get(callback)

    assert response.status_code == 400
    assert _last_event().outcome == Outcome.BAD_STATE


def test_a_stolen_code_in_ones_own_login_fails_on_pkce(client, school_user):
    """An attacker's own started login (their state, their verifier) with the victim's
    code: the provider checks the code_verifier against the victim's challenge."""
    school = school_user.memberships.get().organisation
    victim_callback = back_from_idp(to_idp(client, school))
    victim_code = victim_callback.split("code=")[1].split("&")[0]
    from django.test import Client

    attacker = Client()
    attacker_callback = back_from_idp(to_idp(attacker, school))
    attacker_state = attacker_callback.split("state=")[1].split("&")[0]

    response = attacker.get(
        f"/account/schoolaccount/terug/?code={victim_code}&state={attacker_state}"
    )

    assert response.status_code == 400
    assert attacker.session.get("_auth_user_id") is None
    assert _last_event().reason == "token_refused"


def test_an_error_from_the_idp_is_a_dutch_page(client, school_user):
    callback = back_from_idp(to_idp(client, school_user.memberships.get().organisation))
    state = callback.split("state=")[1].split("&")[0]

    response = client.get(f"/account/schoolaccount/terug/?error=access_denied&state={state}")

    assert response.status_code == 400
    assert "afgebroken" in response.content.decode()


# --- no one gets in who was not invited -------------------------------------------


def _refused(response, client):
    assert response.status_code == 403
    body = response.content.decode()
    assert "We kennen je (nog) niet" in body
    assert "nodigt je dan uit" in body
    assert _session_user(client) is None


def test_an_unknown_user_sees_whom_to_ask_and_gets_no_account(client, idp, federated_school):
    idp.scenario(email="onbekend@school-a.example", sub="vreemde-1")
    count = get_user_model().objects.count()

    response, _ = log_in(client, federated_school)

    _refused(response, client)
    assert get_user_model().objects.count() == count
    event = _last_event()
    assert (event.outcome, event.user, event.reason) == (Outcome.UNKNOWN, None, "no_account")
    # No personal data in the log: neither the address nor the subject.
    logged = " ".join(str(v) for v in LoginEvent.objects.values_list())
    assert "onbekend" not in logged
    assert "vreemde" not in logged


def test_a_user_of_another_school_is_refused(client, idp, federated_school, role_groups):
    other = UserFactory(email="ib@ander.example")
    MembershipFactory(user=other, organisation=SchoolFactory(), role=Role.SCHOOLGEBRUIKER)
    idp.scenario(email="ib@ander.example", sub="ander-1")

    response, _ = log_in(client, federated_school)

    _refused(response, client)
    event = _last_event()
    assert (event.outcome, event.user) == (Outcome.OTHER_ORGANISATION, other)
    assert not FederatedIdentity.objects.exists()


def test_an_identity_linked_at_another_school_is_refused(client, idp, school_user):
    school = school_user.memberships.get().organisation
    log_in(client, school)
    client.logout()
    second = SchoolFactory(name="Tweede school")
    OidcProvider.objects.create(
        organisation=second,
        issuer=idp.issuer,
        client_id="swv-portaal",
        client_secret_env="OIDC_SECRET_TEST_SCHOOL",
    )

    response, _ = log_in(client, second)

    _refused(response, client)
    assert _last_event().reason == "linked_elsewhere"


def test_an_inactive_account_is_refused(client, school_user):
    school_user.is_active = False
    school_user.save()

    response, _ = log_in(client, school_user.memberships.get().organisation)

    _refused(response, client)
    assert _last_event().outcome == Outcome.INACTIVE


def test_an_unverified_email_claim_does_not_match(client, idp, school_user):
    idp.scenario(email_verified=False)

    response, _ = log_in(client, school_user.memberships.get().organisation)

    _refused(response, client)
    assert _last_event().reason == "email_unverified"


def test_a_new_subject_with_a_linked_address_does_not_take_over(client, idp, school_user):
    school = school_user.memberships.get().organisation
    log_in(client, school)
    client.logout()
    idp.scenario(sub="iemand-anders-met-hetzelfde-adres")

    response, _ = log_in(client, school)

    _refused(response, client)
    assert _last_event().reason == "other_subject"


def test_the_break_glass_superuser_never_logs_in_this_way(client, idp, school_user):
    school_user.is_superuser = True
    school_user.save()

    response, _ = log_in(client, school_user.memberships.get().organisation)

    _refused(response, client)
    assert _last_event().reason == "break_glass"


# --- logout, and a provider that is away ------------------------------------------


def test_logout_ends_the_portal_session(client, idp, school_user):
    school = school_user.memberships.get().organisation
    trust_mfa(school)
    idp.scenario(amr=["mfa"])
    log_in(client, school)
    assert _is_verified(client)

    client.post("/account/uitloggen/")

    assert _session_user(client) is None
    assert client.get("/loket/")["Location"].startswith("/account/inloggen/")


def test_logout_offers_the_providers_end_session_endpoint(client, idp, school_user):
    import requests

    log_in(client, school_user.memberships.get().organisation)

    response = client.post("/account/uitloggen/")

    assert response["Location"] == "/account/schoolaccount/uitgelogd/"
    assert "Ook uitloggen bij je school" in client.get(response["Location"]).content.decode()
    to_provider = client.get("/account/schoolaccount/uitgelogd/school/")["Location"]
    assert to_provider.startswith(f"{idp.issuer}/logout?client_id=swv-portaal&")
    assert "id_token" not in to_provider  # no claims in the URL
    at_provider = requests.get(to_provider, allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = at_provider.headers["Location"].removeprefix("http://testserver")
    assert "Je bent ook bij je school uitgelogd" in client.get(back).content.decode()


def test_a_provider_that_does_not_answer_is_a_dutch_503(client, db, settings):
    school = SchoolFactory(name="School zonder verbinding")
    OidcProvider.objects.create(
        organisation=school,
        issuer="http://127.0.0.1:8749",  # nothing listens here
        client_id="x",
        client_secret_env="OIDC_SECRET_NIEMAND",
    )

    response = client.get(f"{CHOOSE}{school.pk}/")

    assert response.status_code == 503
    assert "tijdelijk niet beschikbaar" in response.content.decode()
    assert _last_event().outcome == Outcome.PROVIDER_ERROR


def test_a_missing_client_secret_is_a_503_not_a_500(client, school_user, monkeypatch):
    callback = back_from_idp(to_idp(client, school_user.memberships.get().organisation))
    monkeypatch.delenv("OIDC_SECRET_TEST_SCHOOL")

    response = client.get(callback)

    assert response.status_code == 503
    assert _last_event().reason == "secret_missing"


# --- the pages --------------------------------------------------------------------


def test_the_login_page_offers_the_school_account_only_when_one_exists(client, db, idp):
    assert "Inloggen met je schoolaccount" not in client.get("/account/inloggen/").content.decode()
    school = SchoolFactory(name="Basisschool Het Baken")
    OidcProvider.objects.create(
        organisation=school, issuer=idp.issuer, client_id="c", client_secret_env="OIDC_X_Y"
    )

    page = client.get("/account/inloggen/").content.decode()

    assert "Inloggen met je schoolaccount" in page
    assert 'name="password"' in page  # password + TOTP stays for everyone else


def test_the_choice_lists_active_providers_in_constant_queries(client, db, idp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(number, active=True):
        OidcProvider.objects.create(
            organisation=SchoolFactory(name=f"School {number}"),
            issuer=idp.issuer,
            client_id="c",
            client_secret_env="OIDC_X_Y",
            is_active=active,
        )

    add(0)
    client.get(CHOOSE)  # warm the site settings cache of the page frame
    with CaptureQueriesContext(connection) as one:
        client.get(CHOOSE)
    for number in range(1, 6):
        add(number, active=number != 5)
    with CaptureQueriesContext(connection) as many:
        page = client.get(CHOOSE).content.decode()

    assert len(many) == len(one) <= 6
    assert "School 4" in page
    assert "School 5" not in page


def test_a_school_without_an_active_provider_is_a_404(client, federated_school):
    OidcProvider.objects.filter(organisation=federated_school).update(is_active=False)

    assert client.get(f"{CHOOSE}{federated_school.pk}/").status_code == 404
    assert client.get(f"{CHOOSE}999999/").status_code == 404
