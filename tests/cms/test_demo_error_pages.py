"""The demo (``make run``) shows the portal's own Dutch error pages and the mails it
sends (issue 13): DEBUG off through ``DJANGO_DEBUG=0``, static files still served."""

import os
import pathlib
import subprocess
import sys

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from cms import views

ROOT = pathlib.Path(__file__).resolve().parents[2]


def dev_settings(**env):
    """``DEBUG`` and the static-file settings of cms.settings.dev under ``env``."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    environment.update(env)
    code = (
        "import cms.settings.dev as s;"
        "print(s.DEBUG, s.WHITENOISE_USE_FINDERS, s.SERVE_MEDIA_IMAGES, s.EMAIL_BACKEND)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_dev_settings_turn_debug_off_for_the_demo():
    assert dev_settings(DJANGO_DEBUG="0")[:3] == ["False", "True", "True"]
    assert dev_settings()[0] == "True"  # plain dev work keeps Django's debug pages
    assert dev_settings()[3] == "django.core.mail.backends.console.EmailBackend"


def test_make_run_turns_debug_off_and_lets_the_worker_print_mails():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:") : makefile.index("\n## make test")]
    assert "export DJANGO_DEBUG ?= 0" in makefile
    worker = next(line for line in run.splitlines() if "db_worker" in line)
    assert "/dev/null" not in worker  # the console backend's mails reach the terminal
    readme = (ROOT / "README.md").read_text()
    assert "e-mails" in readme.lower() and "DJANGO_DEBUG" in readme


@pytest.mark.django_db
def test_404_403_500_pages_are_dutch(client):
    response = client.get("/bestaat-echt-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nl">' in html and "Pagina niet gevonden" in html
    assert "URLconf" not in html and "Page not found" not in html

    request = RequestFactory().get("/iets/")
    request.user = AnonymousUser()
    forbidden = views.permission_denied(request)
    assert forbidden.status_code == 403
    assert "Geen toegang" in forbidden.content.decode()

    error = views.server_error(RequestFactory().get("/iets/"))
    text = error.content.decode()
    assert error.status_code == 500
    assert '<html lang="nl">' in text and "Er ging iets mis" in text


@pytest.mark.django_db
def test_static_files_are_served_with_debug_off(settings):
    # What cms.settings.dev sets: WhiteNoise finds the files without collectstatic.
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/js/berekening.js")
    assert response.status_code == 200
    assert b"Berekenen" in b"".join(response.streaming_content)
