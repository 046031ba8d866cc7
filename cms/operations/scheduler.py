"""Scheduled jobs that run by themselves: ``manage.py scheduler`` (one process per site).

Each job is a management command, started as a Django task (``run_scheduled_command``)
so that the worker(s) do the work and the scheduler only keeps time. Jobs are keyed
in ``SCHEDULED_JOBS`` (settings): ``{"every": seconds}`` or ``{"at": "HH:MM"}`` (local
time, once a day). A job's due moment is claimed in the cache with ``add`` before it
is enqueued, so a second scheduler by mistake (or a restart in the same minute) does
not start the job twice when the cache is shared (Redis).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from cms.operations import outbox

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
    "avg_exports_opruimen",
}


@task()
def run_scheduled_command(name):
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


def tick(now=None):
    """Enqueue every job that is due and not yet claimed; return their names.

    First the tasks kept while the queue was away go to the queue (``cms.operations.outbox``)."""
    outbox.hand_over()
    now = now or timezone.now()
    started = []
    for name, spec in jobs().items():
        slot = due_slot(spec, now)
        if slot is None:
            continue
        if cache.add(f"scheduler:{name}:{slot}", now.isoformat(), timeout=2 * 24 * 3600):
            outbox.enqueue(run_scheduled_command, name)
            logger.info("Geplande taak gestart: %s", name)
            started.append(name)
    return started


def run_forever(interval=20, stop_after=None):
    """Tick every ``interval`` seconds; ``stop_after`` (seconds) bounds a test run."""
    begin = time.monotonic()
    while stop_after is None or time.monotonic() - begin < stop_after:
        tick()
        time.sleep(interval)
