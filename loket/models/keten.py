"""The logboek's hash chain: why a changed or removed line shows.

The append-only trigger (migrations 0002/0006) can be switched off by the
application's own database role, so it alone proves nothing afterwards. Each
``LogEntry`` therefore carries its place in a chain (``chain``, ``seq``), the hash
of the line before it (``prev_hash``) and its own SHA-256 over a fixed
serialisation that includes ``prev_hash`` (``hash``). Changing a line changes its
hash; removing one breaks the link of the next; removing the last ones no longer
matches the chain's head (``LogboekKeten``), which is written in the same
transaction as the line.

One chain per dossier, because the dossier is what a school, externe or privacy
officer reads as one logboek; lines about an aanvraag without a dossier chain per
aanvraag, the rest (exports, AVG requests) in one general chain. Merged dossiers
keep their own chains (their lines are never moved).

Without a key outside the database this detects tampering by anyone who does not
recompute the chain from the edited line onward; ``verify_logboek`` reports it.
"""

import hashlib
import json
from datetime import UTC

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

# Bump only with a migration that re-hashes: every stored hash depends on this format.
CANONICAL_VERSION = "v1"
# The fields of a line in hash order. ``hash`` itself is of course not in it.
CANONICAL_FIELDS = (
    "chain",
    "seq",
    "at",
    "user_id",
    "actor",
    "role",
    "action",
    "dossier_id",
    "aanvraag_id",
    "reference",
    "detail",
    "removed_seqs",
    "prev_hash",
)
GENERAL_CHAIN = "algemeen"


def chain_key(dossier_id, aanvraag_id):
    """The chain a line belongs to: its dossier, else its aanvraag, else the general one."""
    if dossier_id:
        return f"dossier:{dossier_id}"
    if aanvraag_id:
        return f"aanvraag:{aanvraag_id}"
    return GENERAL_CHAIN


def chain_owner(key):
    """The ``(dossier_id, aanvraag_id)`` a new line of chain ``key`` must carry."""
    kind, _sep, number = key.partition(":")
    if kind == "dossier":
        return int(number), None
    if kind == "aanvraag":
        return None, int(number)
    return None, None


def _canonical_value(value):
    """Only str, int and None survive JSON byte-for-byte; times become UTC ISO text."""
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if value is None or isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise TypeError(f"Geen vaste vorm voor {type(value).__name__} in het logboek.")


def canonical(line):
    """The bytes that are hashed: a JSON array of version and values in field order,
    without spaces, UTF-8. Takes any object with the fields (a migration's model too)."""
    values = [CANONICAL_VERSION] + [_canonical_value(getattr(line, f)) for f in CANONICAL_FIELDS]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def line_hash(line):
    return hashlib.sha256(canonical(line)).hexdigest()


def format_ranges(numbers):
    """``[1, 2, 3, 7]`` -> ``"1-3,7"``: the sequence numbers a seal line accounts for."""
    numbers = sorted(set(numbers))
    parts, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}-{number}")
            start = None
    return ",".join(parts)


def parse_ranges(text):
    numbers = set()
    for part in filter(None, (text or "").split(",")):
        low, _sep, high = part.partition("-")
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


class LogboekKeten(models.Model):
    """The head of one chain: its length and last hash. Locked (``select_for_update``)
    while a line is added, so two lines written at once cannot both follow the same
    predecessor; and a removed last line shows because the head still names it.
    A row of its own rather than the dossier's: lines outlive their dossier (merge,
    retention), and a stale ``Dossier.save()`` must not be able to rewind the head."""

    chain = models.CharField(_("keten"), max_length=40, unique=True)
    length = models.PositiveIntegerField(_("aantal regels"), default=0)
    head_hash = models.CharField(_("laatste hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("logboekketen")
        verbose_name_plural = _("logboekketens")
        default_permissions = ()

    def __str__(self):
        return self.chain


def link(line):
    """Give a new line its place in its chain and its hash, and move the head; the
    caller saves the line in the same transaction (``LogEntry.save``)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Een logboekregel wordt alleen binnen een transactie gekoppeld.")
    key = chain_key(line.dossier_id, line.aanvraag_id)
    # Creating the head may race; the unique key lets one win and the other wait.
    LogboekKeten.objects.bulk_create([LogboekKeten(chain=key)], ignore_conflicts=True)
    head = LogboekKeten.objects.select_for_update().get(chain=key)
    line.chain, line.seq, line.prev_hash = key, head.length + 1, head.head_hash
    line.hash = line_hash(line)
    LogboekKeten.objects.filter(pk=head.pk).update(length=line.seq, head_hash=line.hash)


class LogboekControle(models.Model):
    """One run of ``verify_logboek``: what ``/health/`` shows staff without walking
    every chain on each request. Chain keys and sequence numbers only, no content."""

    checked_at = models.DateTimeField(_("gecontroleerd"), auto_now_add=True)
    ok = models.BooleanField(_("in orde"))
    chains = models.PositiveIntegerField(_("ketens"))
    lines = models.PositiveIntegerField(_("regels"))
    breaks = models.JSONField(_("eerste breuk per keten"), default=list)

    class Meta:
        verbose_name = _("logboekcontrole")
        verbose_name_plural = _("logboekcontroles")
        ordering = ["-checked_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.checked_at:%d-%m-%Y %H:%M} {'in orde' if self.ok else 'gebroken'}"
