"""Who sees which part of the newsletter admin (roles from accounts.roles)."""

import pytest

from devkit.clients import login_verified

from .conftest import subscribe_active

pytestmark = pytest.mark.django_db

LISTS = "/admin/snippets/content/newsletterlist/"
SUBSCRIBERS = "/admin/snippets/content/subscriber/"
SENDS = "/admin/nieuwsbrieven/verzendingen/"
IMPORT = "/admin/nieuwsbrieven/importeren/"


def allowed(client, url):
    response = client.get(url)
    return response.status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("redacteur", {LISTS: True, SUBSCRIBERS: False, SENDS: True, IMPORT: False}),
        ("beheerder", {LISTS: True, SUBSCRIBERS: True, SENDS: True, IMPORT: True}),
        ("consulent", {LISTS: False, SUBSCRIBERS: False, SENDS: False, IMPORT: False}),
        ("formulierbeheerder", {LISTS: False, SUBSCRIBERS: False, SENDS: False, IMPORT: False}),
        ("school_a", {LISTS: False, SUBSCRIBERS: False, SENDS: False, IMPORT: False}),
    ],
)
def test_newsletter_admin_per_role(client, users, lists, role, expected):
    login_verified(client, users[role])
    assert {url: allowed(client, url) for url in expected} == expected


def test_beheerder_inspects_a_subscriber_with_lists_and_proof(client, users, lists):
    subscriber = subscribe_active("bewijs@school.example", lists["po"])
    login_verified(client, users["beheerder"])
    response = client.get(f"{SUBSCRIBERS}inspect/{subscriber.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Scholen PO: actief" in body
    assert "toestemming vastgelegd bij import" in body


def test_redacteur_sees_the_newsletter_menu(client, users):
    login_verified(client, users["redacteur"])
    body = client.get("/admin/").content.decode()
    assert "Nieuwsbrieven" in body and "Verzendingen" in body
    assert "Abonnees importeren" not in body
