"""The toegankelijkheidsverklaring, per visitor: who reads it and who edits it."""

from django.urls import reverse

from tests.conftest import ensure_site_tree
from tests.permissions.matrix import LOGIN, VERIFY, get_as_each

# --- The toegankelijkheidsverklaring (issue 28) -----------------------------------------
# A page in the tree, not a URL pattern: its public address and its edit screen in the
# admin. Everyone reads it (an unverified session is sent to its second factor first,
# as everywhere); only redacteuren and eindredacteuren edit it.
STATEMENT_ACTORS = [
    "anonymous",
    "unverified",
    "school_a",
    "externe",
    "consulent",
    "commissie",
    "formulierbeheerder",
    "beheerder",
    "redacteur",
    "eindredacteur",
]
STATEMENT_EXPECTED = {
    "/toegankelijkheid/": {**dict.fromkeys(STATEMENT_ACTORS, 200), "unverified": VERIFY},
    "edit": {
        **dict.fromkeys(STATEMENT_ACTORS, 302),  # admin, but not this page: the dashboard
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,
        "externe": LOGIN,
        "redacteur": 200,
        "eindredacteur": 200,
    },
}


def test_statement_access_matrix(users):
    from content import demo

    statement = demo.statement(ensure_site_tree())
    urls = {
        "/toegankelijkheid/": "/toegankelijkheid/",
        "edit": reverse("wagtailadmin_pages:edit", args=[statement.pk]),
    }
    failures = get_as_each(STATEMENT_ACTORS, users, urls, STATEMENT_EXPECTED)
    assert not failures, failures
