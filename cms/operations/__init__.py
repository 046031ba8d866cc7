"""Running the site: backups, health checks, the task outbox, the worker and the scheduler."""
