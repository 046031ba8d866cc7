"""Scheduled jobs that run by themselves: ``manage.py scheduler``.

Each job is a management command, started as a Django task (``run_scheduled_command``)
so that the worker(s) do the work and the scheduler only keeps time. Jobs are keyed
in ``SCHEDULED_JOBS`` (settings): ``{"every": seconds}`` or ``{"at": "HH:MM"}`` (local
time, once a day).

Exactly once, without Redis: any number of scheduler processes may run (one per
machine is the usual set-up); one leads, through the lock of
``cms.operations.leadership`` (a PostgreSQL advisory lock, a file lock on SQLite), and
the others wait as hot standbys, asking for the lock every ``SCHEDULER_POLL_SECONDS``.
The lock dies with its process, so a standby takes over within that poll (plus the
database's keepalive when a machine vanishes). The leader claims each due moment
(slot) of a job in the database (``cms.models.ScheduledJobRun``) in the same
transaction as the task it starts; this used to be a ``cache.add``, which with the file
cache let two schedulers both run every job, with an evicting Redis ran a job twice,
and while Redis was away ran nothing. The leader also writes a heartbeat
(``cms.models.SchedulerHeartbeat``) at every tick, which ``/health/`` and the admin
dashboard read (``scheduler_status``).
"""

import logging
import os
import socket
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks import task

from cms.models import ScheduledJobRun, SchedulerHeartbeat
from cms.operations import leadership, outbox

logger = logging.getLogger(__name__)

# Commands a schedule may name: a typo in settings must fail loudly, and nothing
# outside this list can be started through the task queue.
COMMANDS = {
    "publish_scheduled",
    "expire_grants",
    "cleanup_form_drafts",
    "bewaartermijnen",
    "instemming_verlopen",
    "ondertekening_herinneren",
    "tlv_herinneren",
    "evaluatie_herinneren",
    "avg_exports_opruimen",
    "nieuwsbrief_bounces",
    "verify_logboek",
    "backup",
    "bestanden_verwijderen",
}


@task()
def run_scheduled_command(name, slot=None):
    """Run one scheduled command; ``slot`` only names the due moment it was started for."""
    if name not in COMMANDS:
        raise ImproperlyConfigured(f"Onbekende geplande taak: {name!r}")
    call_command(name, verbosity=0)
    return name


def jobs():
    configured = settings.SCHEDULED_JOBS
    unknown = set(configured) - COMMANDS
    if unknown:
        raise ImproperlyConfigured(
            f"SCHEDULED_JOBS noemt onbekende taken: {sorted(unknown)}; bekend: {sorted(COMMANDS)}"
        )
    return configured


def due_slot(spec, now):
    """The identifier of the current due moment of a job, or None when not due."""
    if "every" in spec:
        return str(int(now.timestamp()) // int(spec["every"]))
    hour, minute = (int(part) for part in spec["at"].split(":"))
    local = timezone.localtime(now)
    if (local.hour, local.minute) >= (hour, minute):
        return local.date().isoformat()
    return None


def claim(name, slot, now):
    """Claim ``slot`` of job ``name``: True once per slot, however often it is asked."""
    ScheduledJobRun.objects.get_or_create(job=name)
    claimed = ScheduledJobRun.objects.filter(job=name).exclude(slot=slot)
    return claimed.update(slot=slot, started_at=now) == 1


def tick(now=None):
    """Enqueue every job that is due and not yet claimed; return their names.

    First the tasks kept while the queue was away go to the queue (``cms.operations.outbox``).
    A claim and its task commit together (with the database queue the task is a row in
    the same transaction), so a scheduler that dies in between leaves neither."""
    outbox.hand_over()
    now = now or timezone.now()
    started = []
    for name, spec in jobs().items():
        slot = due_slot(spec, now)
        if slot is None:
            continue
        with transaction.atomic():
            if not claim(name, slot, now):
                continue
            outbox.enqueue(run_scheduled_command, name, slot=slot)
        logger.info("Geplande taak gestart: %s (%s)", name, slot)
        started.append(name)
    return started


def shortest_interval():
    """Seconds between the two closest runs of any job: the longest a working
    scheduler can stay silent (a daily job counts as a day)."""
    return min((spec.get("every", 24 * 3600) for spec in jobs().values()), default=24 * 3600)


def beat(identity, since, now=None):
    SchedulerHeartbeat.objects.update_or_create(
        pk=1, defaults={"leader": identity, "leader_since": since, "beat_at": now or timezone.now()}
    )


def scheduler_status(now=None):
    """When the scheduler last showed life and whether that is too long ago.

    ``silent`` is True when no leader has beaten within the shortest job interval (or
    never): then scheduled publishing, grant expiry and retention are not happening."""
    now = now or timezone.now()
    heartbeat = SchedulerHeartbeat.objects.filter(pk=1).first()
    limit = shortest_interval()
    jobs_run = {
        run.job: run.started_at for run in ScheduledJobRun.objects.filter(started_at__isnull=False)
    }
    if heartbeat is None:
        return {"silent": True, "beat_at": None, "leader": None, "limit": limit, "jobs": jobs_run}
    silent_for = (now - heartbeat.beat_at).total_seconds()
    return {
        "silent": silent_for > limit,
        "silent_for": silent_for,
        "beat_at": heartbeat.beat_at,
        "leader": heartbeat.leader,
        "leader_since": heartbeat.leader_since,
        "limit": limit,
        "jobs": jobs_run,
    }


def identity():
    return f"{socket.gethostname()}:{os.getpid()}"


def lead(lock, tick_seconds, deadline):
    """Tick as the leader until the lock is lost or the deadline passes."""
    since = timezone.now()
    logger.warning("Planner %s leidt nu", identity())
    while deadline is None or time.monotonic() < deadline:
        if not lock.still_held():
            logger.error("Planner %s is de leiding kwijt; wacht weer als reserve", identity())
            return
        close_old_connections()  # a long-lived process must notice a dropped connection
        try:
            beat(identity(), since)
            tick()
        except Exception:  # noqa: BLE001 - one failed tick must not stop scheduling
            logger.exception("Planner: ronde mislukt; volgende ronde over %s s", tick_seconds)
        time.sleep(tick_seconds)


def run_forever(tick_seconds=None, poll_seconds=None, stop_after=None):
    """Wait for the leadership, then tick every ``tick_seconds`` while leading.

    ``stop_after`` (seconds) bounds a test run."""
    tick_seconds = tick_seconds or settings.SCHEDULER_TICK_SECONDS
    poll_seconds = poll_seconds or settings.SCHEDULER_POLL_SECONDS
    if tick_seconds > shortest_interval():
        logger.warning("Planner: ronde (%s s) langer dan de kortste taak", tick_seconds)
    deadline = None if stop_after is None else time.monotonic() + stop_after
    lock = leadership.lock_for_database()
    waiting_logged = False
    try:
        while deadline is None or time.monotonic() < deadline:
            if lock.try_acquire():
                waiting_logged = False
                lead(lock, tick_seconds, deadline)
                lock.release()
                continue
            if not waiting_logged:
                logger.warning("Planner %s wacht als reserve", identity())
                waiting_logged = True
            time.sleep(poll_seconds)
    finally:
        lock.release()
