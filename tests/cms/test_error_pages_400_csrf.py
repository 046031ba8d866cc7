"""The Dutch 400 (a bad Host header, any SuspiciousOperation) and the Dutch page for a
form refused by the CSRF check, both through the HTTP client with DEBUG off."""

import pytest
from django.test import Client
from wagtail.models import Site

from cms.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_hosts(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver", "portaal.swv.example"]
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"helpdesk_name": "Helpdesk Waalkant"},
    )


@pytest.mark.parametrize("cached_site", [0, 600])
def test_a_disallowed_host_gets_the_dutch_400(client, strict_hosts, settings, cached_site):
    # With the derived cache on, cms.caching.sitewide looks at the host first.
    settings.DERIVED_CACHE_SECONDS = cached_site
    response = client.get("/", HTTP_HOST="aanvaller.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="nl">' in html and "Verzoek niet begrepen" in html
    assert "Bad Request" not in html
    # The site's own base: the footer with the default site's helpdesk.
    assert "Helpdesk Waalkant" in html and 'href="/toegankelijkheid/"' in html


def test_an_allowed_host_is_served_as_before(client, strict_hosts):
    assert client.get("/", HTTP_HOST="portaal.swv.example").status_code == 200


def test_too_many_fields_is_a_dutch_400(client, strict_hosts, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"v{i}=1" for i in range(20))
    response = client.get(f"/zoeken/?{query}")
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()


def test_a_post_without_csrf_token_gets_the_dutch_403(strict_hosts):
    client = Client(enforce_csrf_checks=True)
    client.get("/account/inloggen/")  # sets the CSRF cookie, as a browser would
    response = client.post("/account/inloggen/", {"username": "a@b.example", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="nl">' in html and "Formulier verlopen" in html
    assert "Wat je eerder opsloeg, blijft bewaard." in html
    assert "CSRF" not in html and "Forbidden" not in html
    assert "cookie mee" not in html  # the cookie was there; only the token was missing


def test_a_post_without_csrf_cookie_says_to_allow_cookies(strict_hosts):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/inloggen/", {"username": "a@b.example", "password": "x"})
    assert response.status_code == 403
    assert "Sta cookies toe" in response.content.decode()


def test_the_same_post_with_its_token_passes_the_check(strict_hosts):
    client = Client(enforce_csrf_checks=True)
    client.get("/account/inloggen/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/account/inloggen/",
        {"username": "a@b.example", "password": "x", "csrfmiddlewaretoken": token},
    )
    assert response.status_code != 403
