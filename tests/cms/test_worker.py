"""The worker is visible: the dashboard warns redacteuren and beheerders when no
worker takes tasks (indexing on publish: tests/kennisbank/test_index_on_publish.py)."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.operations.scheduler import run_scheduled_command
from cms.operations.worker import worker_status
from devkit.clients import login_verified

pytestmark = pytest.mark.django_db

WARNING = "De takenverwerker staat stil"


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_WORKER_STALE_MINUTES = 10


def waiting_task(minutes_ago):
    result = run_scheduled_command.enqueue("publish_scheduled")
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return result


def test_no_warning_without_waiting_tasks_or_with_fresh_ones(db_queue):
    assert worker_status() is None
    waiting_task(minutes_ago=2)
    assert worker_status() is None


def test_a_task_waiting_too_long_without_any_worker_activity_is_reported(db_queue):
    waiting_task(minutes_ago=30)
    waiting_task(minutes_ago=1)
    status = worker_status()
    assert status["waiting"] == 2 and status["last_started"] is None


def test_a_busy_worker_that_took_a_task_recently_raises_no_warning(db_queue):
    waiting_task(minutes_ago=30)
    taken = waiting_task(minutes_ago=3)
    DBTaskResult.objects.filter(pk=taken.id).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert worker_status() is None


def test_the_immediate_backend_of_the_tests_never_warns(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert worker_status() is None


@pytest.mark.parametrize("role", ["redacteur", "eindredacteur", "beheerder"])
def test_the_dashboard_warns_editors_and_beheerders_plainly(client, users, db_queue, role):
    waiting_task(minutes_ago=45)
    login_verified(client, users[role])
    page = client.get("/admin/").content.decode()
    assert WARNING in page
    assert "bevestigingsmails, nieuwsbrieven" in page
    assert "zoekindex wordt bij publiceren direct bijgewerkt" in page


@pytest.mark.parametrize("role", ["consulent", "commissie", "formulierbeheerder"])
def test_other_staff_do_not_get_the_warning(client, users, db_queue, role):
    waiting_task(minutes_ago=45)
    login_verified(client, users[role])
    response = client.get("/admin/")
    assert WARNING not in response.content.decode()


def test_no_warning_on_the_dashboard_when_the_worker_runs(client, users, db_queue):
    login_verified(client, users["redacteur"])
    assert WARNING not in client.get("/admin/").content.decode()
