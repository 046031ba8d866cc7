"""What the access matrices share: the kinds of redirect, a client per visitor, a GET as each.

The matrices themselves are ``test_access_matrix*.py`` (the loket; accounts; privacy
and figures; the toegankelijkheidsverklaring) and ``test_access_matrix_takedown.py``.
"""

from devkit.clients import login_verified

LOGIN, VERIFY, TO_INZAGE = "login", "verify", "to_inzage"


def outcome_of(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/account/inloggen/"):
            return LOGIN
        if location.startswith("/account/tweestaps/"):
            return VERIFY
        if location.startswith("/inzage/"):
            return TO_INZAGE
        return 302
    return response.status_code


def signed_in(actor, people):
    """A client for ``actor``: anonymous, logged in without the second factor (as
    ``people["school_a"]``), or logged in and verified as ``people[actor]``."""
    from django.test import Client

    client = Client()
    if actor == "unverified":
        client.force_login(people["school_a"])
    elif actor != "anonymous":
        login_verified(client, people[actor])
    return client


def get_as_each(actors, people, urls, expected):
    """GET every ``{name: url}`` as each actor; the outcomes that differ from ``expected``."""
    failures = []
    for actor in actors:
        client = signed_in(actor, people)
        for name, url in urls.items():
            outcome = outcome_of(client.get(url))
            if outcome != expected[name][actor]:
                failures.append((actor, url, outcome, expected[name][actor]))
    return failures
