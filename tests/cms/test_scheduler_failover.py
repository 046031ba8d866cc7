"""Two real scheduler processes on the test database: one leads, one waits; kill the
leader (SIGKILL: no clean-up of its own) and the standby takes over, and every job
still starts once per due moment.

The processes use the file cache (no Redis), where the old ``cache.add`` claim let
both run every job, and the database task queue, whose rows show what was started:
each task carries its job and slot. Jobs come every 2 and 3 seconds, the leader ticks
every 0.3 s and the standby asks for the lock every 0.5 s, so the test takes seconds.
"""

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from cms.models import SchedulerHeartbeat
from tests.database_url import database_url

# serialized_rollback: the flush at the end must not take the Wagtail tree from later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
TAKE_OVER_LIMIT = 60  # the promise; with these settings it takes about a second


def start_scheduler(tmp_path, name):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url(),
        "REDIS_URL": "",
        "CACHE_DIR": str(tmp_path / f"cache-{name}"),  # a cache of its own, as on two machines
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SCHEDULE_PUBLISH_SECONDS": "2",
        "SCHEDULE_RETENTION_SECONDS": "3",
        "LOG_LEVEL": "WARNING",
    }
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "manage.py", "scheduler", "--tick", "0.3", "--poll", "0.5"]
        + ["--stop-after", "90"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def wait_for_leader(process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        beat = SchedulerHeartbeat.objects.filter(pk=1).first()
        if beat is not None and beat.leader.endswith(f":{process.pid}"):
            return time.monotonic()
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"scheduler {process.pid} did not lead within {timeout} s")


def wait_for_log(process, path, text, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in path.read_text():
            return
        assert process.poll() is None, path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not in {path.name}: {path.read_text()}")


def started_slots():
    """{job: Counter(slot: number of tasks started)} from the task queue's rows."""
    slots = collections.defaultdict(collections.Counter)
    for args_kwargs in DBTaskResult.objects.values_list("args_kwargs", flat=True):
        slots[args_kwargs["args"][0]][args_kwargs["kwargs"]["slot"]] += 1
    return slots


@pytest.mark.slow
def test_a_standby_takes_over_when_the_leader_is_killed_and_no_slot_runs_twice(tmp_path):
    first = start_scheduler(tmp_path, "eerste")
    second = None
    try:
        wait_for_leader(first, timeout=30)
        second = start_scheduler(tmp_path, "tweede")
        wait_for_log(second, tmp_path / "tweede.log", "wacht als reserve", timeout=30)
        time.sleep(4)  # two publish slots with a standby asking for the lock
        leader = SchedulerHeartbeat.objects.get(pk=1).leader
        assert leader.endswith(f":{first.pid}"), "the standby took the lead from a live leader"
        assert "leidt nu" not in (tmp_path / "tweede.log").read_text()
        before_kill = dict(started_slots())

        killed_at = time.monotonic()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        took_over_at = wait_for_leader(second, timeout=TAKE_OVER_LIMIT)
        assert took_over_at - killed_at < TAKE_OVER_LIMIT
        time.sleep(4.5)  # the new leader runs a few slots of its own
    finally:
        for process in (first, second):
            if process is not None:
                if process.poll() is None:
                    process.kill()
                process.wait(timeout=10)
                process.log.close()

    slots = started_slots()
    for job, counts in slots.items():
        assert set(counts.values()) == {1}, f"{job} ran twice in a slot: {counts}"
    publish = sorted(int(slot) for slot in slots["publish_scheduled"])
    assert len(publish) >= 5
    assert set(slots["publish_scheduled"]) > set(before_kill["publish_scheduled"])
    gaps = [b - a for a, b in zip(publish, publish[1:], strict=False) if b - a > 1]
    assert len(gaps) <= 1 and all(gap == 2 for gap in gaps)  # at most the kill's slot missed
    # A daily job (its time today has passed, or not yet) started at most once in all.
    assert all(sum(slots[job].values()) <= 1 for job in ("expire_grants", "instemming_verlopen"))
