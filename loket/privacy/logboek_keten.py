"""Checking the logboek's hash chains (``loket.models.logboek``): the first broken link
per chain, for ``manage.py verify_logboek`` and, through its last run, ``/health/``.

A chain is whole when, in order of sequence number, every line hashes to its own
``hash``, links to the hash of the line before it, no number is missing unless a
sealed line (retention) accounts for it, and the head names the last line. A break
is reported by chain key, sequence number and a fixed Dutch reason: no content,
so the report itself holds no personal data.
"""

from dataclasses import asdict, dataclass
from itertools import groupby

from loket.models import LogboekControle, LogboekKeten, LogEntry
from loket.models.logboek import CANONICAL_FIELDS, line_hash, parse_ranges

KEEP_RUNS = 30  # the health details need only the last; a few more show a trend


@dataclass(frozen=True)
class Breuk:
    chain: str
    seq: int
    reason: str

    def __str__(self):
        return f"{self.chain} regel {self.seq}: {self.reason}"


class _Line:
    """The fields of one line as read for checking (``values`` is cheaper than models)."""

    def __init__(self, values):
        self.__dict__.update(values)


def _lines():
    fields = ("pk", *CANONICAL_FIELDS, "hash")
    rows = LogEntry.objects.order_by("chain", "seq", "pk").values(*fields)
    for row in rows.iterator(chunk_size=2000):
        yield _Line(row)


def check_chain(key, lines, head):
    """The first break of one chain, or None. ``lines`` in order of ``seq``."""
    if not key:
        return Breuk("(geen keten)", lines[0].seq, "regel buiten het logboek om toegevoegd")
    sealed = set()
    for line in lines:
        if line.action == LogEntry.Action.VERZEGELD:
            sealed |= parse_ranges(line.removed_seqs)
    previous, expected = None, 1
    for line in lines:
        if line_hash(line) != line.hash:
            return Breuk(key, line.seq, "regel gewijzigd")
        missing = [n for n in range(expected, line.seq) if n not in sealed]
        if missing or line.seq < expected:
            return Breuk(key, missing[0] if missing else line.seq, "regel ontbreekt of dubbel")
        if line.seq == 1:
            linked = line.prev_hash == ""
        elif line.seq - 1 in sealed:
            linked = True  # its predecessor was removed by retention; the seal vouches
        else:
            linked = previous is not None and line.prev_hash == previous.hash
        if not linked:
            return Breuk(key, line.seq, "verwijzing naar de vorige regel klopt niet")
        previous, expected = line, line.seq + 1
    if head is None:
        return Breuk(key, previous.seq, "keten zonder kop: buiten het logboek om toegevoegd")
    if head.length > previous.seq:
        return Breuk(key, previous.seq + 1, "laatste regel(s) ontbreken")
    if head.length < previous.seq or head.head_hash != previous.hash:
        return Breuk(key, previous.seq, "laatste regel klopt niet met de kop van de keten")
    return None


def verify():
    """Every chain's first break; returns ``(breaks, chains, lines)``."""
    heads = {head.chain: head for head in LogboekKeten.objects.all()}
    breaks, seen, count = [], set(), 0
    for key, group in groupby(_lines(), key=lambda line: line.chain):
        lines = list(group)
        count += len(lines)
        seen.add(key)
        found = check_chain(key, lines, heads.get(key))
        if found:
            breaks.append(found)
    for key in sorted(set(heads) - seen):
        if heads[key].length:
            breaks.append(Breuk(key, 1, "alle regels ontbreken"))
    return breaks, len(seen | set(heads)), count


def run_and_record():
    """Verify and keep the result for ``/health/`` (the last ``KEEP_RUNS`` runs)."""
    breaks, chains, lines = verify()
    run = LogboekControle.objects.create(
        ok=not breaks, chains=chains, lines=lines, breaks=[asdict(b) for b in breaks[:100]]
    )
    old = LogboekControle.objects.values_list("pk", flat=True)[KEEP_RUNS:]
    LogboekControle.objects.filter(pk__in=list(old)).delete()
    return run, breaks


def health_details():
    """The last run, for staff in ``/health/``: cheap, one query."""
    run = LogboekControle.objects.first()
    if run is None:
        return {"ok": None, "checked_at": None}
    return {
        "ok": run.ok,
        "checked_at": run.checked_at.isoformat(),
        "chains": run.chains,
        "lines": run.lines,
        "broken_chains": len(run.breaks),
        "first_breaks": run.breaks[:10],
    }
