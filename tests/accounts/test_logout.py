"""Logging out happens only on POST and always ends the session on the server
(issue 10, hole 10), at the site's and at the Wagtail admin's logout URL."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from accounts.models import Role
from devkit.clients import login_verified

URLS = ["/account/uitloggen/", "/admin/logout/"]


@pytest.fixture
def redacteur(make_user):
    return make_user(Role.REDACTEUR, email="redacteur@swv.example")


@pytest.mark.parametrize("url", URLS)
def test_get_changes_nothing(client, redacteur, url):
    login_verified(client, redacteur)
    key = client.session.session_key
    response = client.get(url)
    assert response.status_code == 200 and "Wil je uitloggen?" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies, "cookie left alone"
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 200, "still logged in"


@pytest.mark.parametrize("url", URLS)
def test_post_ends_the_session_on_the_server(client, redacteur, url):
    login_verified(client, redacteur)
    key = client.session.session_key
    response = client.post(url)
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists(), "session row gone"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/account/inloggen/")


def test_a_stolen_cookie_is_useless_after_logout(client, redacteur):
    """The session key a cookie carried before logout no longer opens anything."""
    from django.test import Client

    login_verified(client, redacteur)
    key = client.session.session_key
    client.post("/admin/logout/")
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = key
    assert thief.get("/admin/")["Location"].startswith("/account/inloggen/")


def test_the_admin_sidebar_logs_out_through_the_ending_view(client, redacteur):
    from django.urls import resolve, reverse

    login_verified(client, redacteur)
    # Wagtail's sidebar (rendered from JSON) posts to reverse("wagtailadmin_logout").
    assert reverse("wagtailadmin_logout") == "/admin/logout/"
    assert "/admin/logout/" in client.get("/admin/").content.decode()
    assert resolve("/admin/logout/").view_name == "admin_logout"
