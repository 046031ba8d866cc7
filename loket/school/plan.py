"""The school keeps one ontwikkelplan (OPP) per dossier; parents consent to it.

Only a schoolgebruiker of the dossier's school edits it, and only while the dossier
is open (an archived dossier is read-only everywhere). The logboek says that the
plan changed, never what it says.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from loket import logboek
from loket.dossiers.archive import require_not_archived
from loket.errors import TransitionError
from loket.models import LogEntry, Ontwikkelplan
from permissions import policy

MAX_DOELEN = 10_000


def may_edit(user, dossier):
    return policy.is_school_user_of(user, dossier.school_id)


def save_plan(dossier, user, *, doelen, evaluatiedatum=None):
    """Create or update the dossier's plan; returns it."""
    if not may_edit(user, dossier):
        raise TransitionError(_("Alleen de school zelf schrijft het ontwikkelplan."), 403)
    require_not_archived(dossier)
    doelen = (doelen or "").strip()
    if not doelen:
        raise TransitionError(_("Beschrijf de doelen en de aanpak."), 400)
    if len(doelen) > MAX_DOELEN:
        raise TransitionError(_("De beschrijving is te lang."), 400)
    with transaction.atomic():
        plan, _created = Ontwikkelplan.objects.update_or_create(
            dossier=dossier,
            samengevoegd_op__isnull=True,
            defaults={"doelen": doelen, "evaluatiedatum": evaluatiedatum, "updated_by": user},
        )
        logboek.log(LogEntry.Action.PLAN_BIJGEWERKT, user, dossier=dossier)
    return plan
