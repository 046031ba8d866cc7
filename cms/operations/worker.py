"""Is the task worker taking tasks? Shown on the admin dashboard, and search indexing
that does not wait for it.

Confirmation mails, newsletters, notifications and scheduled jobs are Django tasks;
with the database backend (``django_tasks_db``) they wait in a table until a worker
(``manage.py db_worker``) takes them. When no worker runs, nothing fails: the rows
just wait. So the dashboard warns redacteuren and beheerders when a task has waited
longer than ``TASK_WORKER_STALE_MINUTES`` and no worker has started any task in that
time (a busy worker keeps starting tasks, so it raises no warning).

Wagtail indexes a saved page for search through a task too
(``modelsearch.signal_handlers``), which would leave a published article unfindable
until the worker runs. ``index_published_page`` indexes the page in the publishing
request itself; the task that Wagtail queued as well re-indexes the same page later,
which changes nothing.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_STALE_MINUTES = 10


def stale_after():
    return datetime.timedelta(
        minutes=getattr(settings, "TASK_WORKER_STALE_MINUTES", DEFAULT_STALE_MINUTES)
    )


def uses_database_queue():
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")


def worker_status(now=None):
    """``None`` when all is well (or the backend cannot tell), else a dict with
    ``waiting`` (tasks ready to run), ``waiting_since`` and ``last_started``."""
    if not uses_database_queue():
        return None
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = now - stale_after()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if oldest is None or oldest > limit:
        return None
    last_started = DBTaskResult.objects.aggregate(last=Max("started_at"))["last"]
    if last_started is not None and last_started > limit:
        return None  # a worker is busy: it took a task recently
    return {"waiting": ready.count(), "waiting_since": oldest, "last_started": last_started}


def index_published_page(sender, instance, **kwargs):
    """Put a just-published page in the search index now (``page_published`` receiver)."""
    from wagtail.search import index

    page = instance.specific
    if not index.class_is_indexed(type(page)):
        return
    try:
        index.insert_or_update_object(page)
    except Exception:  # noqa: BLE001 - the queued task tries again; publishing must not fail
        logger.exception("Search indexing of page %s on publish failed", page.pk)


def connect():
    from wagtail.signals import page_published

    page_published.connect(
        index_published_page, dispatch_uid="cms.operations.worker.index_on_publish"
    )
