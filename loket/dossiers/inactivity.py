"""Dossiers without activity: listed for archiving, and in the end purged unarchived.

A dossier is archived when the SWV is no longer involved; one that nobody archives
would otherwise live forever. **Activity** of a dossier is the latest of:

- its creation (``Dossier.created_at``);
- any change to one of its aanvragen (``Aanvraag.updated_at``: every save of the
  aanvraag, its status, answers, consulent, besluit dates);
- any logboek line on the dossier that records a *change* — a status, aanvulling,
  terugkoppeling, besluit, inzage given or ended by a person, instemming answered,
  plan updated, archived or reopened and so on: every action except those in ``READS``.

``READS`` are looking (viewing, downloading, exports), a link or code being opened,
and what the system does by itself when nothing happens (a link or grant expiring, a
reminder sent, the seal of a purge). None of them is work on the dossier, and letting
them count would let an externe's reading, or the reminders themselves, keep a
dossier forever.

``LoketSettings.dossier_inactief_maanden`` (default 12) lists an *open* dossier for
the school and its consulent; the retention rule ``dossier_inactief``
(``loket.privacy.retention.rules``) purges an open dossier whose last activity is
older than its own period, whether or not anyone archived it.
"""

import calendar
import datetime

from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from loket.models import Aanvraag, Dossier, LogEntry, LoketSettings

A = LogEntry.Action
READS = frozenset(
    {
        A.BEKEKEN,
        A.DOSSIER_BEKEKEN,
        A.DOWNLOAD,
        A.BESLUITDOCUMENT,
        A.AVG_EXPORT,
        A.AVG_DOWNLOAD,
        A.EXPORT,
        A.INSTEMMING_GEOPEND,
        A.INSTEMMING_CODE,
        A.INSTEMMING_CODE_FOUT,
        A.INSTEMMING_VERLOPEN,
        A.ONDERTEKENING_GEOPEND,
        A.ONDERTEKENING_CODE,
        A.ONDERTEKENING_CODE_FOUT,
        A.ONDERTEKENING_VERLOPEN,
        A.ONDERTEKENING_HERINNERD,
        A.INZAGE_VERLOPEN,
        A.TLV_HERINNERING,
        A.VERZEGELD,
    }
)


def months_before(moment, months):
    """``moment`` minus whole calendar months (31 March minus one month: 28/29 February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def with_last_activity(queryset):
    """``queryset`` annotated with ``last_activity`` (see the module docstring), in SQL."""
    last_change = (
        Aanvraag.objects.filter(dossier=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    last_line = (
        LogEntry.objects.filter(dossier_id=OuterRef("pk"))
        .exclude(action__in=READS)
        .order_by("-at")
        .values("at")[:1]
    )
    return queryset.annotate(
        last_activity=Greatest(
            F("created_at"),
            Coalesce(Subquery(last_change, output_field=DateTimeField()), F("created_at")),
            Coalesce(Subquery(last_line, output_field=DateTimeField()), F("created_at")),
        )
    )


def threshold(now=None):
    """The moment before which an open dossier's last activity makes it inactive."""
    months = LoketSettings.load().dossier_inactief_maanden
    return months_before(now or timezone.now(), months)


def inactive(queryset, before):
    """The open dossiers of ``queryset`` whose last activity is before ``before``,
    longest untouched first."""
    return (
        with_last_activity(queryset.filter(status=Dossier.Status.OPEN))
        .filter(last_activity__lt=before)
        .order_by("last_activity", "pk")
    )


def purge_days():
    """Days after the last activity that the retention rule ``dossier_inactief`` purges:
    the beheerder's choice (``Bewaartermijn``), else the rule's default."""
    from loket.models import Bewaartermijn
    from loket.models.bewaren import rules

    row = Bewaartermijn.objects.filter(kind="dossier_inactief").first()
    return row.days if row is not None else rules["dossier_inactief"].default_days


def with_purge_date(dossiers):
    """``dossiers`` (annotated by ``inactive``) as a list, each with ``purge_on``: the
    moment retention purges it if nothing happens before then."""
    days = datetime.timedelta(days=purge_days())
    dossiers = list(dossiers)
    for dossier in dossiers:
        dossier.purge_on = dossier.last_activity + days
    return dossiers
