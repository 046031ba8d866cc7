"""The beheerder imports a school's pupil list without seeing a pupil.

A school that cannot upload its export itself (no account yet, a new school) sends
it to the SWV; the beheerder, who reads no pupil data anywhere (DESIGN.md), uploads
it for that school. The import is the school's own (``loket.leerlingen.imports``):
dry run first, then all or nothing. What the beheerder is shown is ``Report``:
counts per outcome and, per refused row, its number and the Dutch reason, with
every value of the row scrubbed from the reason, so no name, date of birth or
leerlingnummer reaches the page, also not through a validation message that quotes
its value. The import is logged in the logboek (who, for which school, the counts).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from loket import logboek
from loket.leerlingen import imports
from loket.models import LogEntry


@dataclass
class Report:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    left: int = 0
    refused: list = field(default_factory=list)  # (row number, [Dutch reasons])
    committed: bool = False

    @property
    def has_errors(self):
        return bool(self.refused)


def _values(row_result):
    values = (row_result.row_values or {}).values() if row_result else ()
    return [str(v).strip().lower() for v in values if v is not None and len(str(v).strip()) > 1]


def scrub(messages, values):
    """The reasons without a value of the row in them (a message that quotes one
    is replaced by a general reason)."""
    clean = []
    for message in messages:
        field_name, _sep, _rest = message.partition(": ")
        text = message.lower()
        if any(value in text for value in values):
            prefix = f"{field_name}: " if field_name and " " not in field_name else ""
            message = prefix + _("de waarde in deze kolom is niet geldig.")
        clean.append(message)
    return clean


def report(result, rows, left):
    """Counts only: what the beheerder may see of an import (or its preview)."""
    totals = result.totals
    refused = [
        (row["number"], scrub(row["errors"], _values(row_result)))
        for row_result, row in zip(result.rows, rows, strict=True)
        if row["errors"]
    ]
    return Report(
        new=totals.get("new", 0),
        updated=totals.get("update", 0),
        unchanged=totals.get("skip", 0),
        left=len(left),
        refused=refused,
        committed=bool(getattr(result, "committed", False)),
    )


def run(school, content, user, dry_run=True):
    """Preview or import ``content`` for ``school``; returns a ``Report``. A real
    import that went through is logged (counts and the school's id, no names)."""
    result, rows, left = imports.run(school, content, dry_run=dry_run)
    summary = report(result, rows, left)
    if summary.committed:
        log_import(user, school, summary)
    return summary


def log_import(user, school, summary):
    detail = (
        f"school {school.pk}: {summary.new} nieuw, {summary.updated} bijgewerkt, "
        f"{summary.left} vertrokken"
    )
    logboek.log(LogEntry.Action.LEERLINGEN_GEIMPORTEERD, user, detail=detail)
