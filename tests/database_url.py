"""The test database as a ``DATABASE_URL``, for the processes a test starts itself
(a backup, a restore, two schedulers) to reach the same database as the test."""

from django.db import connection


def database_url():
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}"
    )
