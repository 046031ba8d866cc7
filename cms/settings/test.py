"""Test settings: the same stack as production, minus the slow parts.

The database comes from DATABASE_URL (PostgreSQL in CI) and falls back to SQLite.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "y" * 40
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_tmp = Path(tempfile.mkdtemp(prefix="swv-test-"))
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
MEDIA_ROOT = _tmp / "media"
PRIVATE_STORAGE_ROOT = _tmp / "private"
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "backups": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(_tmp / "backups"), "base_url": None},
    },
}
# A whole backup in every test that ticks the scheduler would be slow; the backup's own
# tests (tests/cms/test_backup_schedule.py) schedule it.
SCHEDULED_JOBS = {name: spec for name, spec in SCHEDULED_JOBS.items() if name != "backup"}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# The SAML SP's public test pair (tests/federatie/saml_keys/README.md); never production's.
SAML_SP_KEY_FILE = str(BASE_DIR / "tests" / "federatie" / "saml_keys" / "sp.key")  # noqa: F405
SAML_SP_CERT_FILE = str(BASE_DIR / "tests" / "federatie" / "saml_keys" / "sp.crt")  # noqa: F405
# One process per test worker: memory is enough. The page cache is off so tests that
# change a page without publishing see their change; tests/cms/test_page_cache.py
# turns it on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0
DERIVED_CACHE_SECONDS = int(env("DERIVED_CACHE_SECONDS", "0"))  # tests that need it turn it on
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
OTP_TOTP_THROTTLE_FACTOR = 30  # wide enough that a slow CI cannot slip past it

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's in-memory shared-cache database: there a second writer gets
    # SQLITE_LOCKED at once (the busy timeout does not apply), so concurrency tests
    # could not test what they claim. With a file, BEGIN IMMEDIATE + the busy timeout
    # from base.py make the second writer wait, as in production. pytest-xdist adds a
    # suffix per worker; every process has its own temporary directory anyway.
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test.sqlite3")}  # noqa: F405
