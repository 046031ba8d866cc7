"""Configuration by environment: the same code picks Redis, RQ and S3 from variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"]["LOCATION"],
    "cache_options": settings.CACHES["default"].get("OPTIONS", {}),
    "db_connect_timeout": settings.DATABASES["default"].get("OPTIONS", {}).get("connect_timeout"),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "default_storage": settings.STORAGES["default"]["BACKEND"],
    "private_storage": settings.STORAGES["private"]["BACKEND"],
    "private_options": {
        k: v for k, v in settings.STORAGES["private"].get("OPTIONS", {}).items()
        if k != "client_config"
    },
    "private_s3_timeouts": [
        getattr(settings.STORAGES["private"].get("OPTIONS", {}).get("client_config"), name, None)
        for name in ("connect_timeout", "read_timeout")
    ],
}))
"""

BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": "x" * 60,
    "LOGBOEK_HMAC_KEY": "l" * 40,
    "DJANGO_ALLOWED_HOSTS": "portaal.swv.example",
}
CLEARED = [
    "REDIS_URL",
    "REDIS_TIMEOUT",
    "REDIS_RETRY_SECONDS",
    "TASKS_BACKEND",
    "S3_BUCKET",
    "S3_PRIVATE_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_TIMEOUT",
    "S3_READ_TIMEOUT",
    "DATABASE_URL",
    "DATABASE_CONNECT_TIMEOUT",
]


def probe(code=PROBE, **extra):
    """What ``code`` prints as JSON, run with production settings from these variables
    alone (the service variables of this machine cleared) in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(BASE_ENV, **extra)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_need_no_services():
    values = probe()
    assert values["cache"].endswith("FileBasedCache")
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["default_storage"].endswith("FileSystemStorage")
    assert values["private_storage"].endswith("FileSystemStorage")


def test_redis_url_picks_redis_cache():
    values = probe(REDIS_URL="redis://127.0.0.1:6379/5")
    # Django's RedisCache that goes on without a cache when Redis is away
    # (tests/cms/test_cache_outage.py), with short socket time-outs.
    assert values["cache"] == "cms.caching.backend.ResilientRedisCache"
    assert values["cache_location"] == "redis://127.0.0.1:6379/5"
    assert values["cache_options"] == {
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
        "RETRY_SECONDS": 5.0,
    }
    tuned = probe(REDIS_URL="redis://127.0.0.1:6379/5", REDIS_TIMEOUT="2", REDIS_RETRY_SECONDS="30")
    assert tuned["cache_options"]["socket_timeout"] == 2.0
    assert tuned["cache_options"]["RETRY_SECONDS"] == 30.0


def test_s3_private_bucket_picks_s3_with_bounded_waits():
    values = probe(S3_PRIVATE_BUCKET="prive", S3_TIMEOUT="2")
    assert values["private_storage"] == "storages.backends.s3.S3Storage"
    assert values["private_options"]["bucket_name"] == "prive"
    assert values["private_options"]["querystring_expire"] == 60
    # An S3 that does not answer holds a request seconds, not minutes (cms.files.storage).
    assert values["private_s3_timeouts"] == [2.0, 20.0]


def test_postgresql_connections_give_up_in_seconds():
    """A database host that does not answer fails a request (and /health/) after
    ``DATABASE_CONNECT_TIMEOUT`` seconds, not after the operating system's minutes."""
    url = "postgres://swv@db.swv.example:5432/swv"
    assert probe(DATABASE_URL=url)["db_connect_timeout"] == 5
    assert probe(DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="2")["db_connect_timeout"] == 2
