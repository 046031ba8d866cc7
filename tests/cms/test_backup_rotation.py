"""Rotation of the backups storage: the newest backup of each of the last N days and of
the last M ISO weeks (``cms.operations.backup.rotation``), first as a pure function over
dates, then over real files in the storage (names only, a stranger's file untouched)."""

import datetime

import pytest
from django.core.files.base import ContentFile

from cms.operations.backup import store
from cms.operations.backup.rotation import to_keep

AMS = datetime.timezone(datetime.timedelta(hours=1))


def at(day, hour=2, minute=30):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=AMS)


def test_one_backup_a_day_for_six_weeks_keeps_seven_days_and_four_weeks():
    moments = [at(1) - datetime.timedelta(days=n) for n in range(42)]  # 21 Oct .. 1 Dec
    kept = to_keep(moments, daily=7, weekly=4)
    newest_seven = set(sorted(moments)[-7:])
    assert newest_seven <= kept
    # 1 December 2026 is a Tuesday: its week's newest is itself; the three weeks before
    # keep their Sundays (the newest of each week); Sunday 29 November is a daily one too.
    sundays = {datetime.datetime(2026, 11, d, 2, 30, tzinfo=AMS) for d in (29, 22, 15)}
    assert kept == newest_seven | sundays
    assert len(kept) == 9


def test_only_the_newest_of_a_day_counts_for_that_day():
    moments = [at(5, 2), at(5, 14), at(4, 2), at(4, 23), at(3, 2)]
    assert to_keep(moments, daily=2, weekly=0) == {at(5, 14), at(4, 23)}


def test_periods_without_a_backup_do_not_count():
    """The job stopped for a month: the last backups stay, the calendar does not rotate them."""
    moments = [at(1) - datetime.timedelta(days=n) for n in range(3)]
    assert to_keep(moments, daily=7, weekly=4) == set(moments)


def test_the_newest_stays_whatever_the_settings():
    assert to_keep([at(1), at(2)], daily=0, weekly=0) == {at(2)}
    assert to_keep([], daily=7, weekly=4) == set()


def test_weeks_are_iso_weeks_monday_to_sunday():
    sunday, monday = at(6), at(7)  # 6 December 2026 is a Sunday
    assert to_keep([sunday, monday], daily=0, weekly=2) == {sunday, monday}
    assert to_keep([sunday, monday], daily=0, weekly=1) == {monday}


@pytest.fixture
def backups_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "backups"), "base_url": None},
        },
    }
    return tmp_path / "backups"


def test_rotate_deletes_by_name_and_leaves_other_files(settings, backups_folder):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY = 3, 0
    start = datetime.datetime(2026, 12, 1, 1, 30, tzinfo=datetime.UTC)
    names = [store.name_for(start + datetime.timedelta(days=n), ".tar.age") for n in range(5)]
    for name in [*names, "notities.txt"]:
        store.storage().save(name, ContentFile(b"x"))
    assert names[0] == "swv-backup-20261201T013000Z.tar.age"
    assert store.moment_of(names[0]) == start
    assert store.newest() == names[-1]

    assert store.rotate() == names[:2]
    assert sorted(p.name for p in backups_folder.iterdir()) == sorted([*names[2:], "notities.txt"])
    assert store.rotate() == []
