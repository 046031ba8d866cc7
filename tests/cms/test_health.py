"""``/health/`` for load balancers: status for everyone, details only to the trusted."""

import json

import pytest

from accounts.models import Role
from bench.http import free_port
from devkit.clients import login_verified
from tests.cms.test_environment import probe

pytestmark = pytest.mark.django_db


def test_anonymous_gets_status_without_details(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_service_gives_503_and_still_no_details(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "ontbreekt",
                "endpoint_url": "http://127.0.0.1:9",  # nothing listens on the discard port
                "access_key": "x",
                "secret_key": "x",
            },
        },
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"fout"


def test_token_shows_details(client, settings):
    settings.HEALTH_TOKEN = "geheim-token-van-de-beheerder"
    response = client.get("/health/", headers={"authorization": "Bearer verkeerd"})
    assert response.content == b"ok"
    response = client.get(
        "/health/", headers={"authorization": "Bearer geheim-token-van-de-beheerder"}
    )
    data = json.loads(response.content)
    assert data["ok"] is True
    assert set(data["checks"]) == {"database", "cache", "storage", "tasks"}


def test_only_verified_staff_see_details(client, make_user):
    school_user = make_user(Role.SCHOOLGEBRUIKER)
    login_verified(client, school_user)
    assert client.get("/health/").content == b"ok"
    staff = make_user(Role.BEHEERDER)
    staff.is_staff = True
    staff.save()
    login_verified(client, staff)
    assert json.loads(client.get("/health/").content)["ok"] is True


def test_post_is_refused(client):
    assert client.post("/health/").status_code == 405


def test_details_count_the_tasks_kept_for_an_rq_queue(client, settings, redis_process):
    """With RQ, the tasks kept while the queue was away (cms.operations.outbox) are counted: a
    number that stays above 0 while the queue answers means the scheduler does not run."""
    from cms.models import KeptTask

    settings.RQ_QUEUES = {"default": {"URL": redis_process.url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.HEALTH_TOKEN = "geheim-token-van-de-beheerder"
    KeptTask.objects.create(
        task_path="loket.lifecycle.notifications.send_notification", args=["nieuw", 1]
    )
    headers = {"authorization": "Bearer geheim-token-van-de-beheerder"}
    tasks = json.loads(client.get("/health/", headers=headers).content)["checks"]["tasks"]
    assert tasks["ok"] is True and tasks["kept"] == 1
    redis_process.stop()
    response = client.get("/health/", headers=headers)
    assert response.status_code == 503
    assert "ConnectionError" in json.loads(response.content)["checks"]["tasks"]["error"]


DATABASE_AWAY_PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client()
anonymous = client.get("/health/")
detailed = client.get("/health/", headers={"authorization": "Bearer ttt"})
print(json.dumps({
    "anonymous": f"{anonymous.status_code} {anonymous.content.decode()}",
    "checks": json.loads(detailed.content)["checks"],
}))
"""


def test_the_database_away_is_a_503_not_a_500(tmp_path):
    """Production settings with PostgreSQL on a port where nothing listens, in a
    process of its own: the health check itself must still answer (cms.caching.sitewide
    leaves its short-cut to the view when the database is away)."""
    found = probe(
        DATABASE_AWAY_PROBE,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/weg",
        SECURE_SSL_REDIRECT="0",
        CACHE_DIR=str(tmp_path / "cache"),
        HEALTH_TOKEN="ttt",
    )
    assert found["anonymous"] == "503 fout"
    checks = found["checks"]
    assert not checks["database"]["ok"] and "OperationalError" in checks["database"]["error"]
    assert checks["cache"]["ok"] and checks["storage"]["ok"]
