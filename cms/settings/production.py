"""Production: everything secret from the environment, every security header on.

``manage.py check --deploy --fail-level WARNING`` passes with these settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = False
IS_PRODUCTION = True
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if LOGBOEK_HMAC_KEY == DEV_LOGBOEK_HMAC_KEY or len(LOGBOEK_HMAC_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured("LOGBOEK_HMAC_KEY must be set in production (32+ characters).")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
# SAML (federatie/saml_keys.py): both files or neither; an active SAML IdP without
# them fails ``check --deploy`` (federatie.E001). Never the tests' pair.
SAML_SP_GENERATE = False
_saml_files = [f for f in (SAML_SP_KEY_FILE, SAML_SP_CERT_FILE) if f]  # noqa: F405
if _saml_files and (len(_saml_files) != 2 or not all(os.access(f, os.R_OK) for f in _saml_files)):
    raise ImproperlyConfigured(
        "SAML_SP_KEY_FILE and SAML_SP_CERT_FILE must both be set to readable files."
    )
if any("tests/federatie/saml_keys" in f for f in _saml_files):
    raise ImproperlyConfigured("The tests' SAML key pair is public; make a key for production.")

# HTTPS only, behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer often probes over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Persistent database connections: opening a PostgreSQL connection costs more than
# rendering most pages. Django checks a reused connection before each request, so a
# restarted database or a dropped connection costs one error-free reconnect.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "600"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# PostgreSQL's planner assumes spinning disks (random_page_cost 4): reading 1,000
# pupils by index then looks dearer than hashing all 120,000, and Mijn loket's dossier
# list takes 12 ms instead of 1 ms. PostgreSQL's documentation advises about 1.1 for
# SSDs and for data that fits in memory, as a portal's does. Set per connection, so no
# server change is needed; empty leaves the server's value (e.g. behind a pooler that
# refuses start-up options).
_random_page_cost = env("DATABASE_RANDOM_PAGE_COST", "1.1")
if _random_page_cost and DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"-c random_page_cost={float(_random_page_cost)}"
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A database host that does not answer fails a request after this many seconds
    # (libpq's default waits as long as the operating system does, minutes), and
    # /health/ can say so to the load balancer in time.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(  # noqa: F405
        env("DATABASE_CONNECT_TIMEOUT", "5")
    )

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "https://" + ALLOWED_HOSTS[0])
