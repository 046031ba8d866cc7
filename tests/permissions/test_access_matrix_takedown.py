"""Access matrix rows for the emergency take-down (issue 30): every URL under
``/admin/offline-halen/``, walked from the resolver (a new one without a row fails),
for each kind of visitor. Only the eindredacteur reaches it; a GET changes nothing.
The POST and the rule behind it: tests/cms/test_takedown.py."""

# The kennisbank fixture is imported and then used as an argument.
# ruff: noqa: F811

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.kennisbank.conftest import kennisbank  # noqa: F401  (fixture)
from tests.permissions.matrix import LOGIN, VERIFY, get_as_each
from tests.urlwalk import iter_url_patterns

pytestmark = pytest.mark.django_db

PREFIX = "/admin/offline-halen/"
ACTORS = [
    "anonymous",
    "unverified",
    "school_a",
    "externe",
    "redacteur",
    "eindredacteur",
    "formulierbeheerder",
    "consulent",
    "commissie",
    "beheerder",
]
# Staff without the right: Wagtail's refusal, a redirect to the dashboard (302).
EXPECTED = {
    "cms_take_down": {
        **dict.fromkeys(ACTORS, 302),
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,  # no admin access: Wagtail sends to the login page
        "externe": LOGIN,
        "eindredacteur": 200,
    },
}


def test_take_down_access_matrix(users, kennisbank):
    article = kennisbank["archief"]
    urls = {
        view_name: reverse(view_name, args=[article.pk])
        for sample_path, view_name, _pattern in iter_url_patterns()
        if sample_path.startswith(PREFIX)
    }
    assert set(urls) == set(EXPECTED), "every URL needs its row"
    failures = get_as_each(ACTORS, users, urls, EXPECTED)
    assert not failures, failures
    assert Page.objects.get(pk=article.pk).live
