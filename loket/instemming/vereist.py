"""The rule at besluit: a form page may require instemming (``InstemmingVereist``).

Then the commissie decides only when at least one person said ja *on the current
version* of the aanvraag and nobody said nee on it. Consent or refusal for an
earlier version (``loket.instemming.versie``: the answers or the school's files
changed since) no longer counts: the school asks again, and the new answer binds
to the new version. Records from before versions were kept count as they always
did, so nothing decided before this rule changes.
"""

from django.utils.translation import gettext as _

from loket.errors import TransitionError
from loket.instemming import versie
from loket.models import Instemming, InstemmingVereist


def required_for(aanvraag):
    """Whether the aanvraag's form page asks for instemming before a besluit."""
    if aanvraag.form_page_id is None:
        return False
    return InstemmingVereist.objects.filter(page_id=aanvraag.form_page_id, vereist=True).exists()


def _answers(aanvraag):
    """(status, outdated) per record on ``aanvraag``."""
    current = versie.current(aanvraag)
    rows = aanvraag.instemmingen.only("status", "versie_sha256")
    return [(i.status, versie.is_outdated(i, current)) for i in rows]


def instemming_satisfied(aanvraag):
    statuses = {status for status, outdated in _answers(aanvraag) if not outdated}
    return Instemming.Status.GEGEVEN in statuses and Instemming.Status.GEWEIGERD not in statuses


def check_instemming_for_besluit(aanvraag):
    """Called by ``loket.lifecycle.besluit.decide``: refuse in Dutch while instemming is missing."""
    if not required_for(aanvraag):
        return
    answers = _answers(aanvraag)
    valid = {status for status, outdated in answers if not outdated}
    if Instemming.Status.GEGEVEN in valid and Instemming.Status.GEWEIGERD not in valid:
        return
    earlier = any(status == Instemming.Status.GEGEVEN and outdated for status, outdated in answers)
    if earlier and Instemming.Status.GEWEIGERD not in valid:
        raise TransitionError(
            _(
                "De instemming is gegeven voor een eerdere versie van deze aanvraag: "
                "daarna zijn de antwoorden of bestanden gewijzigd. De school vraagt de "
                "instemming opnieuw; daarna kan het SWV besluiten."
            )
        )
    raise TransitionError(
        _(
            "Voor deze aanvraag is instemming van ouders of leerling nodig voordat het "
            "SWV besluit. Die is er nog niet (of er is geen instemming gegeven)."
        )
    )


# --- mede-ondertekening (issue 26) ----------------------------------------------------


def missing_signatures(aanvraag):
    """The role labels of the form's parties without a signature on the current version."""
    return [row["rol"] for row in _unsigned(aanvraag)]


def _unsigned(aanvraag):
    from loket.instemming import ondertekening

    return [
        row
        for row in ondertekening.overview(aanvraag)
        if row["required"] and row["state"] != ondertekening.GETEKEND
    ]


def check_signatures_for_besluit(aanvraag, override_reason=""):
    """Called by ``decide``: refuse in Dutch while a party has not signed, unless the
    commissie overrides with a reason. Returns the missing roles (empty: all signed)."""
    rows = _unsigned(aanvraag)
    if not rows or (override_reason or "").strip():
        return [row["rol"] for row in rows]
    parts = [f"{row['rol']} ({str(row['label']).lower()})" for row in rows]
    raise TransitionError(
        _(
            "Deze aanvraag is nog niet door alle partijen mede-ondertekend: %(parts)s. "
            "De commissie besluit pas als iedereen de huidige versie heeft ondertekend, of "
            "kiest ‘Besluiten zonder alle handtekeningen’ en schrijft de reden."
        )
        % {"parts": ", ".join(parts)}
    )
