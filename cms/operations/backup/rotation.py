"""Which backups to keep: the newest of each of the last N days and of the last M weeks.

A pure function over the moments the backups were made, so it is tested on dates alone
(``tests/cms/test_backup_rotation.py``). The periods counted are periods *that have a
backup*, as restic's ``--keep-daily``/``--keep-weekly`` count them: when the daily job
stops, the last good backups are not rotated away by the calendar. A backup kept as a
daily one can also be the weekly one of its week, so at most N + M are kept.
"""


def to_keep(moments, daily, weekly):
    """The subset of ``moments`` (datetimes, local time) to keep.

    Per day the newest backup counts, per ISO week (Monday to Sunday) too. ``daily`` and
    ``weekly`` are at least 0; the newest backup is always kept, whatever they are."""
    ordered = sorted(set(moments), reverse=True)
    keep = set(ordered[:1])
    for period_of, count in ((_day, daily), (_week, weekly)):
        seen = set()
        for moment in ordered:
            period = period_of(moment)
            if period in seen:
                continue  # an older backup of a period already represented
            if len(seen) >= count:
                break
            seen.add(period)
            keep.add(moment)
    return keep


def _day(moment):
    return moment.date()


def _week(moment):
    year, week, _weekday = moment.isocalendar()
    return year, week
