"""The URLs of the school-account login and of its admin screens, per visitor (issue 29).

Walked from the resolver: a new URL under these prefixes without a row fails.
The login pages are for anyone who is not logged in yet (an unverified session is
sent to its second factor first); the admin screens are the beheerder's alone, and
hold no pupil data (providers, linked accounts, a log with account ids).
"""

import pytest
from django.urls import reverse

from federatie.models import FederatedIdentity, LoginEvent, OidcProvider, SamlProvider
from tests.federatie.saml_samples import IDP_ENTITY, idp_metadata
from tests.permissions.matrix import LOGIN, VERIFY, get_as_each
from tests.urlwalk import iter_url_patterns

PREFIXES = ("/account/schoolaccount/", "/admin/snippets/federatie/")
CHOOSER_PREFIX = "/admin/snippets/choose/federatie/"
ACTORS = ["anonymous", "unverified", "school_a", "consulent", "redacteur", "beheerder"]


def _admin(beheerder, others=302):
    """Anonymous and school users to the login, the unverified to 2FA, other staff
    refused by Wagtail (back to the dashboard), the beheerder as given."""
    return {
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,
        "consulent": others,
        "redacteur": others,
        "beheerder": beheerder,
    }


# What the beheerder may do per model: providers fully; linked accounts see and
# delete (unlink); the log only read (Wagtail's usage and history views want
# more than view permission, so they send the beheerder back too).
BEHEERDER = {
    "samlprovider": {"list": 200, "list_results": 200, "add": 200, "edit": 200, "delete": 200,
                     "usage": 200, "history": 200, "history_results": 200, "copy": 200},
    "oidcprovider": {"list": 200, "list_results": 200, "add": 200, "edit": 200, "delete": 200,
                     "usage": 200, "history": 200, "history_results": 200, "copy": 200},
    "federatedidentity": {"list": 200, "list_results": 200, "add": 302, "edit": 302,
                          "delete": 200, "usage": 302, "history": 200, "history_results": 200,
                          "copy": 302, "inspect": 200},
    "loginevent": {"list": 200, "list_results": 200, "add": 302, "edit": 302, "delete": 302,
                   "usage": 302, "history": 302, "history_results": 302, "copy": 302,
                   "inspect": 200},
}  # fmt: skip

EXPECTED = {
    # The choice of school: a page for anyone not logged in; a verified user is sent on.
    "federatie:choose": {
        **dict.fromkeys(ACTORS, 302),
        "anonymous": 200,
        "unverified": VERIFY,
    },
    # The start: the provider of the fixture does not answer, a Dutch 503.
    "federatie:start": {**dict.fromkeys(ACTORS, 302), "anonymous": 503, "unverified": VERIFY},
    # Without a login this browser started: the Dutch "verlopen" page, for anyone.
    "federatie:callback": {**dict.fromkeys(ACTORS, 400), "unverified": VERIFY},
    # SAML: the SP metadata is public (IdPs and federations read it); the start
    # redirects to the IdP named in the pasted metadata (nothing is fetched); the
    # assertion consumer service takes only the IdP's POST; the single logout
    # answer without a logout this browser started is a Dutch 400.
    "federatie:saml_metadata": {**dict.fromkeys(ACTORS, 200), "unverified": VERIFY},
    "federatie:saml_start": {**dict.fromkeys(ACTORS, 302), "unverified": VERIFY},
    "federatie:saml_acs": {**dict.fromkeys(ACTORS, 405), "unverified": VERIFY},
    "federatie:saml_sls": {**dict.fromkeys(ACTORS, 400), "unverified": VERIFY},
    # Single logout: without a school-account login just ended, back to the start page.
    "federatie:logged_out": {**dict.fromkeys(ACTORS, 302), "unverified": VERIFY},
    "federatie:idp_logout": {**dict.fromkeys(ACTORS, 302), "unverified": VERIFY},
    "federatie:logged_out_done": {**dict.fromkeys(ACTORS, 200), "unverified": VERIFY},
    # Linking one's own school account: any verified user sees their page; the start
    # of a link is only for a school of one's own (the matrix's provider is at a
    # school none of the actors belongs to: 404 for all).
    "federatie:link": {**dict.fromkeys(ACTORS, 200), "anonymous": LOGIN, "unverified": VERIFY},
    "federatie:link_start": {
        **dict.fromkeys(ACTORS, 404),
        "anonymous": LOGIN,
        "unverified": VERIFY,
    },
    **{
        f"wagtailsnippets_federatie_{model}:{action}": _admin(outcome)
        for model, actions in BEHEERDER.items()
        for action, outcome in actions.items()
    },
}


@pytest.fixture
def objects(users):
    from devkit.factories import SchoolFactory

    school = SchoolFactory(name="School met schoolaccount")
    provider = OidcProvider.objects.create(
        organisation=school,
        issuer="http://127.0.0.1:8749",
        client_id="c",
        client_secret_env="OIDC_SECRET_MATRIX",
    )
    identity = FederatedIdentity.objects.create(
        user=users["school_a"], organisation=school, issuer="http://idp", subject="s"
    )
    event = LoginEvent.objects.create(outcome=LoginEvent.Outcome.UNKNOWN)
    saml_provider = SamlProvider.objects.create(
        organisation=SchoolFactory(name="School met SAML"),
        entity_id=IDP_ENTITY,
        metadata_xml=idp_metadata(),
    )
    return {
        "oidcprovider": provider,
        "samlprovider": saml_provider,
        "federatedidentity": identity,
        "loginevent": event,
    }


def test_federatie_access_matrix(users, objects):
    urls = {}
    for sample_path, view_name, pattern in iter_url_patterns():
        if not sample_path.startswith(PREFIXES):
            continue
        if view_name == "federatie:start":
            urls[view_name] = reverse(view_name, args=[objects["oidcprovider"].organisation_id])
        elif view_name == "federatie:link_start":
            urls[view_name] = reverse(
                view_name, args=["oidc", objects["oidcprovider"].organisation_id]
            )
        elif view_name == "federatie:saml_start":
            urls[view_name] = reverse(view_name, args=[objects["samlprovider"].organisation_id])
        elif "pk" in pattern.pattern.converters:
            model = view_name.split("_federatie_")[1].split(":")[0]
            urls[view_name] = reverse(view_name, args=[objects[model].pk])
        else:
            urls[view_name] = sample_path
    assert set(urls) == set(EXPECTED), "every URL needs its row"
    failures = get_as_each(ACTORS, users, urls, EXPECTED)
    assert not failures, failures


def test_there_are_no_choosers_to_read_these_models_through():
    """Wagtail opens a snippet's chooser to any admin user; these models have none."""
    assert not [p for p, _n, _pat in iter_url_patterns() if p.startswith(CHOOSER_PREFIX)]
