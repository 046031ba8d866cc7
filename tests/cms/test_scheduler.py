"""Scheduled jobs run by themselves: the scheduler enqueues them, the worker runs them.

Each due moment is claimed in the database, once; leadership between scheduler
processes (the lock) is tested here per kind of lock, and with two real processes in
tests/cms/test_scheduler_failover.py."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from cms.models import ScheduledJobRun, SchedulerHeartbeat
from cms.operations import leadership, scheduler
from content.models import StandardPage
from devkit.clients import login_verified
from tests.conftest import ensure_site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def scheduled_page():
    home = ensure_site_tree()
    page = StandardPage(title="Nieuw beleid", slug="nieuw-beleid", live=False)
    home.add_child(instance=page)
    page.go_live_at = timezone.now() + timedelta(minutes=5)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live  # scheduled, not yet published
    return page


def test_scheduler_publishes_a_scheduled_page_by_itself(client):
    page = scheduled_page()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        started = scheduler.tick()
    assert "publish_scheduled" in started
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_the_command_runs_one_round(capsys):
    call_command("scheduler", "--once")
    assert "gestart: publish_scheduled" in capsys.readouterr().out


def test_a_daily_job_fires_once_after_its_time(settings):
    settings.SCHEDULED_JOBS = {"expire_grants": {"at": "00:05"}}
    day = timezone.make_aware(timezone.datetime(2026, 3, 2, 0, 0))
    assert scheduler.tick(day) == []
    assert scheduler.tick(day + timedelta(minutes=10)) == ["expire_grants"]
    assert scheduler.tick(day + timedelta(hours=5)) == []  # claimed for today
    assert scheduler.tick(day + timedelta(days=1, minutes=6)) == ["expire_grants"]


def test_unknown_jobs_fail_loudly(settings):
    settings.SCHEDULED_JOBS = {"rm_rf": {"every": 60}}
    with pytest.raises(ImproperlyConfigured, match="rm_rf"):
        scheduler.tick()


def test_a_slot_runs_once_even_when_the_cache_forgets_the_claim(settings):
    """The claim used to be a cache key: evicted (allkeys-lru) or a second process's own
    file cache, and the job ran again. The claim is a database row now."""
    settings.SCHEDULED_JOBS = {"expire_grants": {"every": 3600}}
    assert scheduler.tick() == ["expire_grants"]
    cache.clear()
    assert scheduler.tick() == []
    run = ScheduledJobRun.objects.get(job="expire_grants")
    assert run.started_at is not None and run.slot


def test_a_claim_and_its_task_commit_together(settings, monkeypatch):
    """When the task cannot be made, the slot stays free for the next tick."""
    settings.SCHEDULED_JOBS = {"expire_grants": {"every": 3600}}

    def broken(*args, **kwargs):
        raise RuntimeError("wachtrij kapot")

    monkeypatch.setattr(scheduler.outbox, "enqueue", broken)
    with pytest.raises(RuntimeError):
        scheduler.tick()
    monkeypatch.undo()
    assert scheduler.tick() == ["expire_grants"]


def test_the_status_is_silent_until_a_leader_beats_and_again_after_the_shortest_interval(
    settings,
):
    settings.SCHEDULED_JOBS = {
        "publish_scheduled": {"every": 60},
        "expire_grants": {"at": "00:05"},
    }
    assert scheduler.shortest_interval() == 60
    status = scheduler.scheduler_status()
    assert status["silent"] and status["beat_at"] is None
    now = timezone.now()
    scheduler.beat("server-1:42", since=now, now=now)
    assert not scheduler.scheduler_status(now + timedelta(seconds=59))["silent"]
    late = scheduler.scheduler_status(now + timedelta(seconds=61))
    assert late["silent"] and late["leader"] == "server-1:42"


def test_only_daily_jobs_allow_a_day_of_silence(settings):
    settings.SCHEDULED_JOBS = {"expire_grants": {"at": "00:05"}}
    assert scheduler.shortest_interval() == 24 * 3600


def test_a_file_lock_admits_one_holder_until_it_lets_go(tmp_path):
    """SQLite's lock: a second scheduler on the same machine waits."""
    path = tmp_path / "db.sqlite3.scheduler.lock"
    first, second = leadership.FileLock(path), leadership.FileLock(path)
    try:
        assert first.try_acquire()
        assert not second.try_acquire()
        first.release()
        assert second.try_acquire()
    finally:
        first.release()
        second.release()


def test_the_advisory_lock_admits_one_session_until_it_ends(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL advisory lock")
    settings.SCHEDULER_LOCK_KEY = 424242
    first = leadership.lock_for_database()
    second = leadership.lock_for_database()
    try:
        assert first.try_acquire() and first.still_held()
        assert not second.try_acquire()
        first.conn.close()  # the session ends without unlocking, as when the process dies
        assert not first.still_held()
        # The server ends the session a moment after the client has gone: wait for it.
        deadline = time.monotonic() + 10
        while not second.try_acquire():
            assert time.monotonic() < deadline, "de sessie gaf het slot niet vrij"
            time.sleep(0.05)
        second.release()  # an orderly release frees it at once
        third = leadership.lock_for_database()
        assert third.try_acquire()
        third.release()
    finally:
        first.release()
        second.release()


def test_health_details_show_the_scheduler_without_failing_the_server(client, settings):
    """A silent scheduler is reported to the operator, but the balancer keeps the server:
    the web servers are fine, one background process is not."""
    settings.HEALTH_TOKEN = "token-van-de-beheerder"
    headers = {"authorization": "Bearer token-van-de-beheerder"}
    response = client.get("/health/", headers=headers)
    assert response.status_code == 200
    details = response.json()["scheduler"]
    assert details["ok"] is False and details["last_beat"] is None
    scheduler.beat("server-1:42", since=timezone.now())
    scheduler.tick()
    details = client.get("/health/", headers=headers).json()["scheduler"]
    assert details["ok"] is True and details["leader"] == "server-1:42"
    assert "publish_scheduled" in details["jobs"]
    assert client.get("/health/").content == b"ok"  # anonymous: still no details


@pytest.mark.parametrize("role", ["redacteur", "eindredacteur", "beheerder"])
def test_the_dashboard_shows_the_last_beat_and_warns_when_silent(client, users, role):
    login_verified(client, users[role])
    page = client.get("/admin/").content.decode()
    assert "De planner staat stil" in page and "nog nooit gedraaid" in page
    scheduler.beat("server-1:42", since=timezone.now())
    scheduler.tick()
    page = client.get("/admin/").content.decode()
    assert "De planner staat stil" not in page
    assert "De planner was voor het laatst actief op" in page
    assert "Geplande pagina&#x27;s publiceren" in page
    SchedulerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=5))
    page = client.get("/admin/").content.decode()
    assert "De planner staat stil" in page and "langer geleden dan 1 minuut" in page


@pytest.mark.parametrize("role", ["consulent", "commissie", "formulierbeheerder"])
def test_other_staff_do_not_get_the_scheduler_panel(client, users, role):
    login_verified(client, users[role])
    assert "planner" not in client.get("/admin/").content.decode().lower()
