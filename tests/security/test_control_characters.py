"""NUL and other control characters never break the site (issue 10, hole 5).

Each public or project-defined text input gets them through HTTP and answers a
Dutch 400; nothing is stored. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cms.security.textinput import FORBIDDEN, clean_json, strip_forbidden
from content.nieuwsbrieven.models import Subscriber
from devkit.clients import Wizard, login_verified
from kennisbank.models import ArticleFeedback
from tests.conftest import ensure_site_tree
from tests.forms.test_journey import JOURNEY, LEERLING

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DUTCH = "tekens die niet zijn toegestaan"
BAD = ["a\x00b", "a\x1bb", "\x7f", "x\x85y", "\x08"]


def assert_refused(response):
    assert response.status_code == 400
    assert DUTCH in response.content.decode()


@pytest.mark.parametrize("query", ["a%00b", "%00", "a%1Bb", "a%7F"])
def test_search_refuses_control_characters(client, query):
    assert_refused(client.get(f"/zoeken/?q={query}"))


PRODUCTION_PROBE = """
import django
from django.conf import settings
# No collectstatic here: the manifest storage would fail on {% static %} for that reason alone.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
django.setup()
from django.test import Client
response = Client().get("/zoeken/?q=a%00b", secure=True, HTTP_HOST="portaal.swv.example")
print(response.status_code, "tekens die niet zijn toegestaan" in response.content.decode())
"""


def test_search_with_nul_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "LOGBOEK_HMAC_KEY": "l" * 40,
        "DJANGO_ALLOWED_HOSTS": "portaal.swv.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["400", "True"]


def test_paths_and_other_parameters_are_checked_too(client):
    assert_refused(client.get("/kennisbank/a%00b/"))
    assert_refused(client.get("/zoeken/?q=ok&doelgroep=%00"))
    assert_refused(client.get("/zoeken/?q%00=ok"))


def test_tab_newline_and_ordinary_unicode_pass(client):
    response = client.get("/zoeken/", {"q": "zorg\tplan\r\nمرحبا ‮ 𝒳"})
    assert response.status_code == 200


@pytest.mark.parametrize("bad", BAD)
def test_feedback_refuses_control_characters(client, kennisbank, bad):
    article = kennisbank["archief"]
    response = client.post(article.url + "nuttig/", {"nuttig": "nee", "toelichting": bad})
    assert_refused(response)
    assert not ArticleFeedback.objects.exists()


@pytest.mark.parametrize("field", ["email", "name"])
def test_newsletter_subscribe_refuses_control_characters(client, lists, field):
    data = {"email": "ilse@school.example", "name": "Ilse", "lists": [lists["po"].pk]}
    data[field] = data[field][:2] + "\x00" + data[field][2:]
    assert_refused(client.post("/nieuwsbrieven/aanmelden/", data))
    assert not Subscriber.objects.exists()


def test_login_refuses_control_characters(client, users):
    response = client.post(
        "/account/inloggen/", {"username": "a\x00@school.example", "password": "x\x00"}
    )
    assert_refused(response)


def test_wizard_step_refuses_control_characters_and_keeps_the_draft(client, school_user, make_form):
    page = make_form(JOURNEY)
    login_verified(client, school_user)
    w = Wizard(client, page)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "ja"})
    before = w.draft().data
    response = w.post("stap2", {"wat": "Begeleiding\x00 op maat"})
    assert_refused(response)
    assert w.draft().data == before
    saved = w.post("stap2", {"wat": "Begeleiding\r\nop\tmaat"}, raw={"opslaan": "1"})
    assert saved.status_code == 302
    assert w.draft().data["step_data"]["stap2"]["stap2-wat"] == ["Begeleiding\r\nop\tmaat"]


def test_admin_forms_refuse_control_characters(client, users):
    login_verified(client, users["beheerder"])
    home = ensure_site_tree()
    response = client.post(f"/admin/pages/{home.pk}/edit/", {"title": "Home\x00", "slug": "home"})
    assert_refused(response)
    home.refresh_from_db()
    assert "\x00" not in home.title


def test_a_session_cookie_with_nul_is_ignored(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get("/zoeken/", {"q": "dossier"}).status_code == 200
    assert client.get("/").status_code == 200


def test_rules():
    assert strip_forbidden("a\x00b\tc\nd\u202ee\ud800") == "ab\tc\nd\u202ee"
    assert clean_json({"k\x00": ["a\x00", {"b": "\x1b"}], "n": 3}) == {
        "k": ["a", {"b": ""}],
        "n": 3,
    }
    assert not FORBIDDEN.search("Fien de Vries\r\n€ 80,00 – élève ‮")
