"""The nightly backup comes from the existing scheduler (``SCHEDULED_JOBS["backup"]``):
the leader's tick puts ``backup`` on the database queue, the worker runs it (outside any
transaction, as ``db_worker`` does), and the backups storage is rotated afterwards."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from cms.operations import scheduler
from cms.operations.backup import store
from cms.operations.backup.archive import generate_key

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_default_schedule_runs_a_backup_at_night():
    from django.conf import settings as django_settings

    # The test settings leave it out of SCHEDULED_JOBS (it would run in every tick test);
    # the portal's settings, which every other environment uses, have it.
    from cms.settings import portal

    assert portal.SCHEDULED_JOBS["backup"] == {"at": "02:30"}
    assert "backup" in scheduler.COMMANDS
    assert django_settings.BACKUP_KEEP_DAILY == 7 and django_settings.BACKUP_KEEP_WEEKLY == 4


@pytest.mark.slow
def test_the_scheduler_starts_the_backup_and_the_rotation_keeps_the_newest(settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SCHEDULED_JOBS = {"backup": {"at": "02:30"}}
    settings.BACKUP_AGE_RECIPIENTS = [generate_key()[1]]
    settings.BACKUP_AGE_IDENTITY = ""
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY = 3, 0
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "backups"), "base_url": None},
        },
    }
    now = timezone.now()
    older = [store.name_for(now - datetime.timedelta(days=n), ".tar.age") for n in range(1, 6)]
    for name in older:
        store.storage().save(name, ContentFile(b"an older backup"))

    night = timezone.localtime(now).replace(hour=2, minute=31)
    assert scheduler.tick(night) == ["backup"]
    assert scheduler.tick(night + datetime.timedelta(hours=1)) == []  # once a night
    assert DBTaskResult.objects.filter(args_kwargs__args=["backup"]).count() == 1
    call_command("db_worker", "--batch", "--queue-name", "*", verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    new = [name for name in names if name not in older]
    assert len(new) == 1 and new[0].endswith(".tar.age")
    assert (tmp_path / "backups" / new[0]).read_bytes().startswith(b"age-encryption.org/v1")
    # Three days kept: tonight's and the two nights before; the rest rotated away.
    assert names == sorted([*new, older[0], older[1]])
