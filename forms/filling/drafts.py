"""Drafts shared within an organisation: who sees them, how they are named, edits logged.

A user may keep several drafts of one form. A draft belongs to the organisation
it was started for (``forms.fillers``), not to the person who started it: a
colleague who fills in forms for the same organisation sees it in "Mijn
concepten" and may continue it (someone may be ill, or the work is shared).
Anyone else gets a 404, because every lookup starts from ``visible_to``.

Each save by someone other than the starter is logged with ids only (no answers,
no names), and the draft keeps who edited last and when.
"""

import logging
import uuid

from forms import fillers
from forms.fieldroles import draft_label
from forms.models import FormDraft

logger = logging.getLogger(__name__)


def visible_to(user, organisations=None):
    """The drafts ``user`` may see and continue: those of their organisations
    (``fillers.organisations_of(user)``, passed in when the caller has it; none
    for a user who is not two-factor verified, the engine's own rule)."""
    if not user.is_authenticated or not user.is_verified():
        return FormDraft.objects.none()
    if organisations is None:
        organisations = fillers.organisations_of(user)
    return FormDraft.objects.filter(organisation__in=organisations)


def for_list(user, page=None, organisations=None):
    """Visible drafts with what a list shows, newest first."""
    queryset = visible_to(user, organisations).select_related(
        "page", "organisation", "last_edited_by", "user"
    )
    if page is not None:
        queryset = queryset.filter(page=page)
    return queryset.order_by("-updated_at", "-pk")


def parse_key(value):
    """A draft key from user input as a UUID, or None (never a 500 on garbage)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def label_from_step(step_def, form):
    """The draft's name from the step just posted, or None when this step has no
    field whose role names drafts. Uses what was typed even if another field of
    the step is not valid yet ("Opslaan en later verder")."""
    answers = getattr(form, "_merged", None) or {}
    return draft_label(step_def.value_fields(), answers)


def note_edit(draft, user, what="bewerkt"):
    """Log an edit by a colleague (not the starter): ids only, no personal data."""
    if draft.user_id != user.pk:
        logger.info(
            "Concept %s (formulier %s) %s door collega gebruiker %s.",
            draft.pk,
            draft.page_id,
            what,
            user.pk,
        )
