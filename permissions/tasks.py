"""Background work of the permissions app (Django Tasks API)."""

from django_tasks import task

from . import grants


@task()
def expire_grants_task():
    """Close grants whose end date passed. Enqueue daily (e.g. from cron at 00:05)."""
    return grants.expire_grants()
