"""``/health/``: is this web server fit to take requests? For load balancers.

Checks the database, the cache, both storages and the task queue. Anonymous callers
get only ``200 ok`` or ``503 fout``: the names of failing services and their errors
would tell an attacker about the set-up. Details (JSON) go to a verified staff user
or to a caller that sends ``Authorization: Bearer <HEALTH_TOKEN>`` (environment).
Never cached, never redirected to HTTPS (see ``SECURE_REDIRECT_EXEMPT``).

The details also say when the scheduler last beat (``scheduler``, beside ``checks``),
and what other apps report through ``reports`` (e.g. the loket's last logboek chain
check): reported, never failing the server, and cheap (no work on the request).
A silent scheduler does not make this server unhealthy: the balancer would then take
every web server out for what is one background process, so it is reported, not failed.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.registry import Registry

logger = logging.getLogger(__name__)
PROBE_KEY = "health:probe"

# key -> callable() returning a JSON-able dict for the staff details; filled by apps
# that ``cms`` must not import (the loket registers "logboek" in its AppConfig).
reports = Registry("health: reports of other apps")


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache():
    # The Redis cache hides an outage from the pages (cms.caching.backend); ask Redis
    # itself first, so that the error says what is wrong.
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    cache.set(PROBE_KEY, "ok", 30)
    if cache.get(PROBE_KEY) != "ok":
        raise RuntimeError("cache returned another value")


def check_storages():
    for alias in ("default", "private"):
        storages[alias].exists("health-probe")  # a HEAD for S3, a stat for files


def check_task_queue():
    backend_path = settings.TASKS["default"]["BACKEND"]
    if backend_path.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    elif backend_path.startswith("django_tasks_rq"):
        import django_rq

        from cms.models import KeptTask

        django_rq.get_connection("default").ping()
        # Tasks kept while the queue was away (cms.operations.outbox) wait for the scheduler: a
        # number that stays above 0 while the queue answers means it does not run.
        return {"kept": KeptTask.objects.count()}
    return None


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storages,
    "tasks": check_task_queue,
}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        start = time.perf_counter()
        try:
            details = check()
        except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
            logger.warning("Health check %s failed: %s", name, type(error).__name__)
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}
        else:
            results[name] = {"ok": True, **(details or {})}
        results[name]["ms"] = round((time.perf_counter() - start) * 1000, 1)
    return results


def may_see_details(request):
    token = settings.HEALTH_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and constant_time_compare(header[7:], token):
        return True
    user = request.user
    return user.is_authenticated and user.is_staff and user.is_verified()


def scheduler_details():
    """The scheduler's heartbeat for the details (``cms.operations.scheduler``)."""
    from cms.operations.scheduler import scheduler_status

    try:
        status = scheduler_status()
    except Exception as error:  # noqa: BLE001 - the database check reports the cause
        return {"ok": False, "error": type(error).__name__}
    stamp = status["beat_at"]
    return {
        "ok": not status["silent"],
        "last_beat": stamp.isoformat() if stamp else None,
        "leader": status["leader"],
        "silent_limit_seconds": status["limit"],
        "jobs": {job: started.isoformat() for job, started in status["jobs"].items()},
    }


def report_details():
    details = {}
    for key, report in reports.items():
        try:
            details[key] = report()
        except Exception as error:  # noqa: BLE001 - the database check reports the cause
            details[key] = {"ok": False, "error": type(error).__name__}
    return details


@never_cache
@require_GET
def health(request):
    results = run_checks()
    healthy = all(result["ok"] for result in results.values())
    status = 200 if healthy else 503
    if may_see_details(request):
        return JsonResponse(
            {
                "ok": healthy,
                "checks": results,
                "scheduler": scheduler_details(),
                **report_details(),
            },
            status=status,
        )
    return HttpResponse("ok" if healthy else "fout", status=status, content_type="text/plain")
