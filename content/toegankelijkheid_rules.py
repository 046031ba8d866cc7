"""The rules of the toegankelijkheidsverklaring (``content.toegankelijkheid``).

Taken from the model statement of digitoegankelijk.nl: the five statuses and what
each claims, and what a statement must then contain. Plain functions, so the admin
form, the demo and the tests apply the same rules.
"""

import datetime

from django.db import models
from django.utils import timezone

SLUG = "toegankelijkheid"
STANDARD = "WCAG 2.1 op niveau A en AA (EN 301 549)"


class Status(models.TextChoices):
    A = "A", "A – voldoet volledig"
    B = "B", "B – voldoet gedeeltelijk"
    C = "C", "C – eerste maatregelen genomen"
    D = "D", "D – voldoet niet"
    E = "E", "E – geen inzicht"


class ProblemKind(models.TextChoices):
    FIX = "oplossen", "Wordt opgelost"
    BURDEN = "onevenredig", "Uitzondering: onevenredige last"
    OUT_OF_SCOPE = "buiten", "Valt buiten de eisen (bijvoorbeeld inhoud van derden)"


# What the statement says about the site, per status (the model statement's wording).
STATUS_TEXT = {
    Status.A: f"Deze website voldoet volledig aan de eisen ({STANDARD}).",
    Status.B: f"Deze website voldoet gedeeltelijk aan de eisen ({STANDARD}). Hieronder "
    "staat wat nog niet voldoet en wanneer dat is opgelost.",
    Status.C: f"Deze website voldoet nog niet aan de eisen ({STANDARD}). De eerste "
    "maatregelen om de website toegankelijk te maken, zijn genomen.",
    Status.D: f"Deze website voldoet niet aan de eisen ({STANDARD}).",
    Status.E: f"Er is nog niet onderzocht of deze website voldoet aan de eisen ({STANDARD}).",
}

# Statuses that rest on an evaluation: without one they would claim what nobody checked.
NEEDS_EVALUATION = {Status.A, Status.B}


def check(
    *, slug, status, statement_date, evaluation_date, evaluation_method, problem_count, today=None
):
    """``{field: Dutch message}`` for everything that does not hold; empty when valid."""
    today = today or timezone.localdate()
    errors = {}
    if slug and slug != SLUG:
        errors["slug"] = f"De verklaring staat altijd op /{SLUG}/: gebruik de slug '{SLUG}'."
    if statement_date and statement_date > today:
        errors["statement_date"] = "De datum van de verklaring ligt in de toekomst."
    if status in NEEDS_EVALUATION:
        if not evaluation_date:
            errors["evaluation_date"] = (
                "Status A of B rust op een onderzoek: vul de datum van het laatste onderzoek in."
            )
        if not _has_text(evaluation_method):
            errors["evaluation_method"] = "Beschrijf hoe de website is onderzocht."
    if evaluation_date and statement_date and evaluation_date > statement_date:
        errors["evaluation_date"] = "Het onderzoek kan niet na de verklaring zijn gedaan."
    if status == Status.A and problem_count:
        errors["status"] = (
            "Status A (voldoet volledig) past niet bij bekende problemen: "
            "kies B of los ze eerst op."
        )
    if status == Status.B and not problem_count:
        errors["status"] = (
            "Status B (voldoet gedeeltelijk): noem bij 'Bekende problemen' wat nog niet voldoet."
        )
    return errors


def is_outdated(statement_date, today=None):
    """A statement is renewed at least once a year; an older one is out of date."""
    today = today or timezone.localdate()
    return statement_date < today - datetime.timedelta(days=365)


def _has_text(html):
    from django.utils.html import strip_tags

    return bool(strip_tags(html or "").strip())
