"""Scale-out backends against real servers on this machine: S3 (moto's server mode,
started by ``tests/s3.py`` on a random loopback port) for media and private
files, and Redis for Django Tasks through django-tasks-rq."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from devkit.clients import login_verified
from tests.loket.helpers import PDF, make_aanvraag

pytestmark = pytest.mark.django_db


def test_private_bijlage_lives_in_s3_and_is_streamed_through_the_checking_view(
    client, s3_storages, users, school_a
):
    s3, _, private_bucket = s3_storages
    aanvraag = make_aanvraag(school_a, users["school_a"])
    bijlage = aanvraag.bijlagen.get()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=private_bucket)["Contents"]]
    assert bijlage.file.name in keys

    url = f"/loket/aanvragen/{aanvraag.reference}/bijlagen/{bijlage.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login_verified(client, users["school_b"])
    assert client.get(url).status_code == 404  # another school
    login_verified(client, users["school_a"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_public_media_in_s3_have_plain_urls(s3_storages):
    s3, public_bucket, _ = s3_storages
    storage = storages["default"]
    name = storage.save("images/logo.txt", ContentFile(b"logo"))
    assert s3.get_object(Bucket=public_bucket, Key=name)["Body"].read() == b"logo"
    assert "Signature" not in storage.url(name)


def test_health_checks_s3(client, s3_storages):
    assert client.get("/health/").status_code == 200


def test_tasks_run_through_redis_with_django_tasks_rq(settings):
    """Enqueue through the Django Tasks API, run by an RQ worker in burst mode."""
    queue_db = "redis://127.0.0.1:6379/4"
    settings.RQ_QUEUES = {"default": {"URL": queue_db}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    import django_rq
    from django_tasks import TaskResultStatus
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    from cms.operations.scheduler import run_scheduled_command

    result = run_scheduled_command.enqueue("publish_scheduled")
    queue = django_rq.get_queue("default", job_class=Job)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "publish_scheduled"
