"""The account URLs of the activation flow and the admin's account actions, per visitor."""

from django.urls import resolve, reverse

from tests.permissions.matrix import LOGIN, VERIFY, get_as_each
from tests.urlwalk import iter_url_patterns

# --- Account URLs of the activation flow and the admin's account actions -------------
# (issue 10). Walked from the resolver like the loket: a new URL under these prefixes
# without a row fails. Outcome of GET per kind of visitor.
ACCOUNT_PREFIXES = ("/account/activeren/", "/admin/accounts/", "/admin/logout/")
ACCOUNT_ACTORS = ["anonymous", "unverified", "school_a", "redacteur", "beheerder"]
ACCOUNT_EXPECTED = {
    # An unknown, used or expired link: one Dutch page, nothing revealed, for anyone.
    "accounts:activate": dict.fromkeys(ACCOUNT_ACTORS, 410),
    # Without an enrolment attempt bound to this session: the same page.
    "accounts:activate_app": dict.fromkeys(ACCOUNT_ACTORS, 410),
    "accounts:activation_resend": {**dict.fromkeys(ACCOUNT_ACTORS, 405), "anonymous": LOGIN},
    # GET only asks; the unverified session is sent to its second factor first.
    "admin_logout": {**dict.fromkeys(ACCOUNT_ACTORS, 200), "unverified": VERIFY},
    "accounts_send_activation": {
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,  # no admin access: Wagtail sends to the login page
        "redacteur": 302,  # admin, but not users: back to the dashboard
        "beheerder": 200,
    },
    "accounts_reset_two_factor": {
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,
        "redacteur": 302,
        "beheerder": 200,
    },
}


def test_account_access_matrix(users):
    target = users["school_b"]
    urls = {}
    for sample_path, view_name, pattern in iter_url_patterns():
        if sample_path.startswith(ACCOUNT_PREFIXES):
            # The name that really answers (our logout shadows Wagtail's).
            view_name = resolve(sample_path).view_name
            converters = pattern.pattern.converters
            kwargs = {"user_id": target.pk} if "user_id" in converters else None
            urls[view_name] = reverse(view_name, kwargs=kwargs) if kwargs else sample_path
    assert set(urls) == set(ACCOUNT_EXPECTED), "every URL needs its row"
    failures = get_as_each(ACCOUNT_ACTORS, users, urls, ACCOUNT_EXPECTED)
    assert not failures, failures
