"""Tasks reach the queue even when the queue is away at the moment they are made.

With the database queue (the default) a task is a row written beside the work it
follows. With the RQ backend (``TASKS_BACKEND=django_tasks_rq.RQBackend``) the queue
is Redis, and when that Redis could not be reached ``enqueue`` raised: inside the
``on_commit`` callback of a request whose work was already saved, so a school saw a
server error for an aanvraag that was in fact submitted, and the consulent's mail
was never sent.

``enqueue(task, *args, **kwargs)`` hands the task to its queue. When the queue cannot
be reached (the errors of ``cms.caching.backend.UNREACHABLE``) it keeps the task in the
database instead (``cms.models.KeptTask``: the task's path and its arguments, ids and
kinds only) and logs a warning. ``hand_over`` gives kept tasks to the queue, oldest
first, and stops at the first that the queue still cannot take; the scheduler calls it
at every tick (``cms.operations.scheduler``), so a kept task waits at most one tick after the
queue is back. Any other error (a database error, a bug) is raised as before.

A kept task runs twice only if the queue took it and the database went away before
its row was deleted: then a mail may be sent twice; it is never lost.
"""

import logging

from django.utils.module_loading import import_string
from django_tasks.base import Task

from cms.caching.backend import UNREACHABLE
from cms.models import KeptTask

logger = logging.getLogger(__name__)

HAND_OVER_BATCH = 500


def enqueue(task, *args, **kwargs):
    """``task.enqueue(*args, **kwargs)``; kept for later when the queue is away."""
    try:
        return task.enqueue(*args, **kwargs)
    except UNREACHABLE as error:
        KeptTask.objects.create(task_path=task.module_path, args=list(args), kwargs=kwargs)
        logger.warning(
            "Takenwachtrij niet bereikbaar (%s): %s bewaard tot de wachtrij terug is",
            type(error).__name__,
            task.module_path,
        )
        return None


def hand_over(limit=HAND_OVER_BATCH):
    """Give kept tasks to the queue, oldest first; the number handed over."""
    handed = 0
    for kept in KeptTask.objects.all()[:limit]:
        try:
            task = import_string(kept.task_path)
        except ImportError:
            task = None
        if not isinstance(task, Task):
            # Only ``enqueue`` writes these rows; a path that is no task (code renamed
            # since) can never run, so it is dropped, loudly.
            logger.error("Bewaarde taak %s is geen taak meer; verwijderd", kept.task_path)
            kept.delete()
            continue
        try:
            task.enqueue(*kept.args, **kept.kwargs)
        except UNREACHABLE:
            break  # still away: the rest waits for the next tick, in order
        kept.delete()
        handed += 1
    if handed:
        logger.info("%s bewaarde taken aan de wachtrij gegeven", handed)
    return handed
