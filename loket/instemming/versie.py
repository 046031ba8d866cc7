"""The version an instemming is about: frozen when consent is asked, fingerprinted.

DESIGN.md: “Consent and co-signing bind to a SHA-256 of the exact version shown.”
When the school asks for instemming (a link, or a registration of consent obtained
or refused outside the portal), ``frozen_fields`` stores on the record what the person is
shown (``snapshot``) and its fingerprint. The parent's page renders that stored
snapshot, never the live aanvraag, so what they answer to is what was frozen; the
school and the SWV can download it (``as_text``).

The fingerprint is the SHA-256 (hex) of the snapshot as *canonical JSON*:
``json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``
encoded as UTF-8: sorted keys at every level, no spaces, non-ASCII characters as
themselves. Sorted keys make it independent of the database (PostgreSQL's jsonb
reorders keys), so the stored snapshot always hashes to the stored fingerprint and
anyone can check a download with ``sha256sum``.

What is in a snapshot (``SCHEMA`` 1):

* aanvraag: ``kenmerk``, ``soort``, ``antwoorden`` (per step its title and, per
  question, the label as asked, the answer and the field entry of the form revision)
  and ``bestanden``: name and SHA-256 of the school's files (form uploads and
  aanvullingen; the SWV's terugkoppeling files are not the school's request);
* ontwikkelplan: ``doelen`` and ``evaluatiedatum`` (a plan has no files).

A later change (other answers, a new file, an edited plan) gives another fingerprint
(``current``); a record whose stored fingerprint differs is “voor een eerdere
versie” (``OUTDATED``). A record without one is from before this module
(``UNKNOWN``) and is never called outdated.
"""

import hashlib
import json
from datetime import date

from loket.models import Bijlage, Ontwikkelplan

SCHEMA = 1
SHORT = 12  # characters of the fingerprint shown in running text

CURRENT, OUTDATED, UNKNOWN = "actueel", "eerder", "onbekend"


def canonical_json(snapshot):
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(snapshot):
    """SHA-256 (hex) of the canonical JSON of ``snapshot`` (see the module docstring)."""
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def snapshot(subject):
    """What a person asked to consent to ``subject`` is shown, as plain JSON data."""
    if isinstance(subject, Ontwikkelplan):
        return {
            "schema": SCHEMA,
            "onderwerp": "ontwikkelplan",
            "doelen": subject.doelen,
            "evaluatiedatum": subject.evaluatiedatum.isoformat()
            if subject.evaluatiedatum
            else None,
            "bestanden": [],
        }
    files = subject.bijlagen.exclude(field_name=Bijlage.TERUGKOPPELING).order_by("pk")
    return {
        "schema": SCHEMA,
        "onderwerp": "aanvraag",
        "kenmerk": subject.reference,
        "soort": subject.type,
        "antwoorden": [
            {
                "stap": str(title),
                "vragen": [
                    {"vraag": str(label), "antwoord": value, "veld": field}
                    for label, value, field in rows
                ],
            }
            for title, rows in subject.answer_sections()
        ],
        "bestanden": [
            {"naam": name, "sha256": sha}
            for name, sha in files.values_list("original_name", "sha256")
        ],
    }


def frozen_fields(subject):
    """The fields of a new record that freeze the subject's current version."""
    frozen = snapshot(subject)
    return {"versie": frozen, "versie_sha256": fingerprint(frozen)}


def current(subject):
    """The fingerprint of ``subject`` as it is now."""
    return fingerprint(snapshot(subject))


def state(instemming, current_fingerprint):
    if not instemming.versie_sha256:
        return UNKNOWN
    return CURRENT if instemming.versie_sha256 == current_fingerprint else OUTDATED


def is_outdated(instemming, current_fingerprint):
    return state(instemming, current_fingerprint) == OUTDATED


def sections(frozen):
    """The frozen answers in the shape of ``Aanvraag.answer_sections`` (for the
    templates that show answers): ``[(step title, [(label, value, field)])]``."""
    return [
        (step["stap"], [(q["vraag"], q["antwoord"], q["veld"]) for q in step["vragen"]])
        for step in frozen.get("antwoorden", [])
    ]


def shown(instemming):
    """What the person's page shows: the frozen version (``sections``, ``plan``,
    ``bestanden`` as ``(name, Bijlage or None)``: a file opens only if the school
    chose it). A record from before versions were kept shows the live subject, as
    it always did."""
    chosen = list(instemming.bijlagen.all())
    if not instemming.versie_sha256:
        aanvraag, plan = instemming.aanvraag, instemming.plan
        live = aanvraag.answer_sections() if aanvraag and instemming.toon_samenvatting else []
        return {
            "sections": live,
            "plan": {"doelen": plan.doelen, "evaluatiedatum": plan.evaluatiedatum}
            if plan
            else None,
            "bestanden": [(b.original_name, b) for b in chosen],
        }
    frozen = instemming.versie
    plan = None
    if frozen.get("onderwerp") == "ontwikkelplan":
        evaluatie = frozen.get("evaluatiedatum")
        plan = {
            "doelen": frozen["doelen"],
            "evaluatiedatum": date.fromisoformat(evaluatie) if evaluatie else None,
        }
    by_key = {(b.original_name, b.sha256): b for b in chosen}
    files = [(f["naam"], by_key.pop((f["naam"], f["sha256"]), None)) for f in frozen["bestanden"]]
    # A file of the SWV the school chose to show is not part of the version itself.
    files += [(b.original_name, b) for b in by_key.values()]
    return {
        "sections": sections(frozen) if instemming.toon_samenvatting else [],
        "plan": plan,
        "bestanden": files,
    }
