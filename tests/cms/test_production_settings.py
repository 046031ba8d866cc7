"""Production settings: every security header and cookie flag the issue asks for."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
import django
django.setup()
print(json.dumps({
    "debug": settings.DEBUG,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "nosniff": settings.SECURE_CONTENT_TYPE_NOSNIFF,
    "referrer": settings.SECURE_REFERRER_POLICY,
    "session_age": settings.SESSION_COOKIE_AGE,
    "csp": "cms.security.middleware.PortalCSPMiddleware" in settings.MIDDLEWARE,
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def run_probe(extra_env):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.production", **extra_env}
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_are_strict():
    result = run_probe(
        {
            "DJANGO_SECRET_KEY": "x" * 60,
            "LOGBOEK_HMAC_KEY": "l" * 40,
            "DJANGO_ALLOWED_HOSTS": "portaal.swv.example",
        }
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["session_secure"] and values["csrf_secure"] and values["ssl_redirect"]
    assert values["hsts"] >= 31536000
    assert values["nosniff"] and values["referrer"] == "same-origin"
    assert values["session_age"] <= 8 * 60 * 60
    assert values["csp"] and values["whitenoise"]
    assert "whitenoise" in values["static"]
    # Persistent connections by default, checked before reuse.
    assert values["conn_max_age"] >= 60 and values["conn_health_checks"] is True


def test_production_refuses_to_start_without_secret():
    result = run_probe({"DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": "portaal.swv.example"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_own_logboek_key():
    """The dev/test key is public (it is in the code): production must bring its own."""
    for key in ("", "dev-test-only-logboek-sleutel", "kort"):
        result = run_probe(
            {
                "DJANGO_SECRET_KEY": "x" * 60,
                "LOGBOEK_HMAC_KEY": key,
                "DJANGO_ALLOWED_HOSTS": "portaal.swv.example",
            }
        )
        assert result.returncode != 0
        assert "LOGBOEK_HMAC_KEY" in result.stderr


PLANNER_PROBE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW random_page_cost")
    print(cursor.fetchone()[0])
"""


def test_postgresql_connections_plan_for_ssd(settings):
    """Production connections tell PostgreSQL's planner that random reads are cheap
    (``DATABASE_RANDOM_PAGE_COST``, default 1.1), asked of a real connection; empty
    leaves the server's own value (4)."""
    import pytest

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("PostgreSQL only")
    base = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "LOGBOEK_HMAC_KEY": "l" * 40,
        "DJANGO_ALLOWED_HOSTS": "portaal.swv.example",
        # Any database of the server answers SHOW; the test database has another name.
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
    }
    for value, expected in (("1.1", "1.1"), ("", "4")):
        env = {**os.environ, **base, "DATABASE_RANDOM_PAGE_COST": value}
        result = subprocess.run(
            [sys.executable, "-c", PLANNER_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected
