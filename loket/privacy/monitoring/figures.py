"""Monitoring figures for the SWV: aggregates only, never a pupil.

Every figure is computed in the database as a count or a sum grouped by type,
status, school, bestuur or month, or (processing times) from pairs of dates
without anything that points at a pupil. What leaves this module is plain
numbers and labels; a count of 1 to 4 is shown as "< 5" (small-number
suppression), and so is a processing time computed from fewer than five besluiten.
Because every table's total is shown, a lone "< 5" in a table takes another cell
with it (``suppression``: secondary suppression), so it cannot be subtracted out.

The number of queries is fixed: it does not grow with the amount of data.
"""

import datetime
import math
import statistics

from django.db.models import Case, CharField, Count, F, Value, When
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organisation
from loket.leerlingen.thuiszitten import at_home
from loket.lifecycle.ledger import budget_queryset
from loket.models import Aanvraag, Thuiszitter
from loket.types import AanvraagType

from .suppression import SUPPRESSED, THRESHOLD, shown_rows

NOT_A_SCHOOL = gettext_noop("Geen school (externe organisatie)")


def shown(count):
    """A count as it may be shown: 1–4 become "< 5"."""
    return SUPPRESSED if 0 < count < THRESHOLD else count


def _grouped(queryset, field):
    if not isinstance(field, str):  # an expression: group by it under one name
        queryset, field = queryset.annotate(group=field), "group"
    return list(
        queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    )


def _labelled(rows, labels, empty):
    table = [(labels.get(key, key) if key is not None else empty, n) for key, n in rows]
    return sorted(table, key=lambda row: (-row[1], str(row[0])))


def counted_aanvragen():
    """Every aanvraag once: the copies a transfer made are left out.

    An accepted overdracht copies each aanvraag of the sending dossier into the
    receiving one (same type, status, ``submitted_at`` and ``decided_at``), so
    counting rows counted it twice, at two schools. It is counted where it was
    submitted and decided, at the sending school, and not at the receiving school:
    the SWV received and decided it once, from that school (its workload, its
    processing time, its school's use of the loket); the receiver got a copy of
    the file, not a new aanvraag, and may be an external organisation, which is
    no school at all. Counting by pupil cannot work: each school has its own row
    for the child. A copy names its first original (``Aanvraag.kopie_van``), so a
    pupil who comes back (A → B → A) is still one aanvraag; an anonymised original
    keeps the link. Only when retention deletes the original does the copy count.
    """
    return Aanvraag.objects.filter(kopie_van__isnull=True)


def _school_of(prefix):
    """Group by the school's name, but never list an external organisation (CLEO)
    as a school: every row of an organisation that is not a school falls under one
    label, kept in the table so its sum stays the shown total (what secondary
    suppression counts on)."""
    return Case(
        When(**{f"{prefix}kind": Organisation.Kind.SCHOOL}, then=F(f"{prefix}name")),
        When(**{f"{prefix}isnull": True}, then=Value(None)),
        default=Value(str(_(NOT_A_SCHOOL))),
        output_field=CharField(),
    )


def percentile(values, fraction):
    """The ``fraction`` percentile (nearest rank) of sorted ``values``."""
    if not values:
        return None
    rank = max(1, math.ceil(fraction * len(values)))
    return values[min(rank, len(values)) - 1]


def _days(value):
    if value is None:
        return ""
    return formats.number_format(round(value, 1), 1)


def processing_times(queryset):
    """Submitted → besluit in days, overall and per type: (label, n, median, p90)."""
    pairs = queryset.filter(decided_at__isnull=False).values_list(
        "type", "submitted_at", "decided_at"
    )
    per_type = {}
    for kind, submitted, decided in pairs:
        days = max((decided - submitted).total_seconds(), 0) / 86400
        per_type.setdefault(kind, []).append(days)
    labels = dict(AanvraagType.choices)
    groups = [(str(_("Alle soorten")), sorted(d for ds in per_type.values() for d in ds))]
    groups += [(str(labels.get(k, k)), sorted(v)) for k, v in sorted(per_type.items())]
    rows = []
    for label, values in groups:
        if len(values) < THRESHOLD:
            rows.append((label, shown(len(values)), SUPPRESSED if values else "", ""))
        else:
            rows.append(
                (
                    label,
                    len(values),
                    _days(statistics.median(values)),
                    _days(percentile(values, 0.9)),
                )
            )
    return rows


def top_budgets():
    """Per year: budget, booked (the SWV shares booked), released (what was released
    again: herziening, stopped, lower costs), available and the % in use; one query,
    the same figures as the TOP-budgetten list (``loket.lifecycle.ledger``)."""
    rows = []
    for year, amount, booked, released, available in budget_queryset().values_list(
        "year", "amount", "booked", "released", "available"
    ):
        in_use = booked - released
        percentage = round(100 * in_use / amount) if amount else 0
        rows.append((year, amount, booked, released, available, percentage))
    return rows


def thuiszitters(year=None):
    """Pupils at home: today (no year), or at any time in calendar ``year``; counted
    per reden and per school, each pupil once per group."""
    if year is None:
        first = last = timezone.localdate()
    else:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    periods = at_home(first, last)

    def per(field):
        rows = periods.order_by()
        if not isinstance(field, str):
            rows, field = rows.annotate(group=field), "group"
        rows = rows.values_list(field).annotate(n=Count("leerling", distinct=True))
        return list(rows.values_list(field, "n"))

    return {
        "total": periods.values("leerling").distinct().count(),
        "per_reden": _labelled(per("reden"), dict(Thuiszitter.Reden.choices), "—"),
        "per_school": _labelled(per(_school_of("leerling__school__")), {}, "—"),
    }


def figures(year=None):
    """Every table of the dashboard; ``year`` limits the aanvragen to one year."""
    queryset = counted_aanvragen()
    if year is not None:
        queryset = queryset.filter(submitted_at__year=year)
    per_month = [
        (month, n)
        for month, n in queryset.order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
        .order_by("month")
    ]
    statuses = dict(Aanvraag.Status.choices)
    per_status = dict(_grouped(queryset, "status"))
    tables = {
        "per_type": _labelled(_grouped(queryset, "type"), dict(AanvraagType.choices), "—"),
        "per_status": [(label, per_status.get(code, 0)) for code, label in statuses.items()],
        "per_school": _labelled(_grouped(queryset, _school_of("school__")), {}, "—"),
        "per_bestuur": _labelled(
            _grouped(queryset, "school__bestuur__name"), {}, _("Zonder bestuur")
        ),
        "per_month": [
            (formats.date_format(month, "F Y") if month else "—", n) for month, n in per_month
        ],
    }
    at_home = thuiszitters(year)
    tables["thuiszitters_per_reden"] = at_home["per_reden"]
    tables["thuiszitters_per_school"] = at_home["per_school"]
    total = sum(n for _label, n in tables["per_status"])
    return {
        "total": shown(total),
        "thuiszitters": shown(at_home["total"]),
        "tables": {key: shown_rows(rows) for key, rows in tables.items()},
        "times": processing_times(queryset),
        "top": top_budgets(),
        "chart": bar_chart(tables["per_month"]),
    }


def bar_chart(rows, width=640, bar_area=160):
    """Bars for an SVG chart drawn on the server: suppressed counts (primary and
    secondary) get no height, or the bars would give them away."""
    values = [value for _label, value in shown_rows(rows)]
    visible = [n for n in values if isinstance(n, int) and n >= THRESHOLD]
    top = max(visible, default=0) or 1
    count = max(len(rows), 1)
    step = width / count
    bars = []
    for index, ((label, _n), value) in enumerate(zip(rows, values, strict=True)):
        height = round(bar_area * value / top) if value in visible else 0
        bars.append(
            {
                "x": round(index * step + step * 0.1, 1),
                "width": round(step * 0.8, 1),
                "y": 20 + bar_area - height,
                "height": height,
                "value": value,
                "label": str(label),
                "text_x": round(index * step + step / 2, 1),
            }
        )
    return {"bars": bars, "width": width, "height": bar_area + 60, "base": 20 + bar_area}
