"""Which scheduler process leads: a lock that dies with the process holding it.

Exactly one ``manage.py scheduler`` may start jobs. Any other one waits as a hot
standby and takes over when the leader is gone. The lock must be released by the
operating system or the database when the leader dies (a SIGKILL, a power cut), not
by the leader itself, and must not depend on Redis (an evicted or lost key would make
two leaders, a Redis outage none).

- PostgreSQL: ``pg_try_advisory_lock`` on a connection of its own, opened outside
  Django's connection handling (which closes and pools connections) and held for the
  life of the process. The server releases a session lock when the session ends: at
  once when the process dies (its socket closes), and within about
  ``tcp_keepalives_idle + interval * count`` seconds (set on the session, 10 + 5 × 3)
  when the leader's machine vanishes. The connection must reach PostgreSQL itself or a
  session-mode pooler: a transaction-mode PgBouncer would hand the lock to whichever
  session happens to run the query. Advisory locks belong to one database, so two
  sites in one cluster do not block each other.
- SQLite (the zero-set-up demo): an exclusive ``flock`` on a file beside the database
  file (``<database>.scheduler.lock``). The kernel releases it when the process dies.
  A SQLite database lives on one machine, so two schedulers on that machine is the
  case to prevent; ``flock`` is not reliable on network file systems.
"""

import contextlib
import fcntl
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

# "SWVP" as a number: an advisory lock key no other code in this database uses.
DEFAULT_LOCK_KEY = 0x53575650
DJANGO_ONLY_OPTIONS = {"pool", "isolation_level", "server_side_binding", "assume_role"}


class PostgresLock:
    """A session-level advisory lock on a dedicated connection."""

    def __init__(self, settings_dict, key):
        self.settings_dict = settings_dict
        self.key = key
        self.conn = None

    def _connect(self):
        import psycopg

        params = {
            "dbname": self.settings_dict["NAME"],
            "user": self.settings_dict.get("USER") or None,
            "password": self.settings_dict.get("PASSWORD") or None,
            "host": self.settings_dict.get("HOST") or None,
            "port": self.settings_dict.get("PORT") or None,
            "application_name": "swv-scheduler",
            "connect_timeout": 10,
            # The client notices a dead server; the session settings below make the
            # server notice a dead client (and so free the lock) just as fast.
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
        }
        options = {
            k: v
            for k, v in self.settings_dict.get("OPTIONS", {}).items()
            if k not in DJANGO_ONLY_OPTIONS
        }
        params.update(options)
        conn = psycopg.connect(**{k: v for k, v in params.items() if v is not None})
        conn.autocommit = True
        for name, value in (
            ("tcp_keepalives_idle", 10),
            ("tcp_keepalives_interval", 5),
            ("tcp_keepalives_count", 3),
        ):
            conn.execute(f"SET {name} = {int(value)}")
        return conn

    def try_acquire(self):
        try:
            if self.conn is None or self.conn.closed:
                self.conn = self._connect()
            row = self.conn.execute("SELECT pg_try_advisory_lock(%s)", [self.key]).fetchone()
        except Exception as error:  # noqa: BLE001 - no database: not the leader, try later
            logger.warning("Planner: database niet bereikbaar voor de leiding (%s)", error)
            self.release()
            return False
        return bool(row[0])

    def still_held(self):
        """A session lock lasts as long as its session: is the session still there?"""
        if self.conn is None:
            return False
        try:
            self.conn.execute("SELECT 1")
        except Exception:  # noqa: BLE001 - the session (and with it the lock) is gone
            self.release()
            return False
        return True

    def release(self):
        """Give the lead up now: unlock, then end the session. Closing alone frees the
        lock too, but the server ends the session a moment after the client has gone,
        so a standby asking at once could still be refused."""
        if self.conn is not None:
            with contextlib.suppress(Exception):  # a broken connection: closing will do
                self.conn.execute("SELECT pg_advisory_unlock_all()")
            with contextlib.suppress(Exception):  # closing a broken connection
                self.conn.close()  # ends the session, which frees the lock
        self.conn = None


class FileLock:
    """An exclusive ``flock`` on a file, for SQLite."""

    def __init__(self, path):
        self.path = Path(path)
        self.fd = None

    def try_acquire(self):
        if self.fd is None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode())
        return True

    def still_held(self):
        return self.fd is not None

    def release(self):
        if self.fd is not None:
            os.close(self.fd)  # closing the file frees the lock
        self.fd = None


def lock_for_database():
    """The leadership lock that fits the default database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        key = getattr(settings, "SCHEDULER_LOCK_KEY", DEFAULT_LOCK_KEY)
        return PostgresLock(settings_dict, key)
    if connection.vendor == "sqlite":
        name = str(settings_dict["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise RuntimeError("De planner heeft een databasebestand nodig, geen geheugen.")
        return FileLock(getattr(settings, "SCHEDULER_LOCK_FILE", None) or f"{name}.scheduler.lock")
    raise RuntimeError(f"Geen leiderschapsslot voor database {connection.vendor!r}")
