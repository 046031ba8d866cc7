"""The embedded default (SQLite) holds under its own worker.

With ``make run`` up (the site and a ``db_worker``), a second ``manage.py demo`` used to
fail with "database is locked". The SQLite options in ``cms.settings.base`` (WAL, busy
timeout, BEGIN IMMEDIATE) must let a worker and two commands write at once: this test
runs them for real, as separate processes on one SQLite file in a temporary folder.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _suite_on_sqlite():
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.mark.slow
# It builds its own SQLite file whatever the suite runs on; a PostgreSQL run would only
# repeat it (a minute of CI), so it runs where the suite runs on SQLite: `make test` without
# DATABASE_URL, and CI's SQLite pass (.ci/run).
@pytest.mark.skipif(not _suite_on_sqlite(), reason="runs in the SQLite pass (.ci/run)")
def test_worker_and_two_demo_commands_write_at_once(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=600)
    worker = subprocess.Popen(
        [*manage, "db_worker", "--queue-name", "*", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        demos = [
            subprocess.Popen(
                [*manage, "demo"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for demo in demos:
            _, err = demo.communicate(timeout=600)
            assert demo.returncode == 0, err
            assert "database is locked" not in err
        assert worker.poll() is None, "the worker died while the commands wrote"
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            _, worker_err = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            _, worker_err = worker.communicate()
    assert "database is locked" not in worker_err
