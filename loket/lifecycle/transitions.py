"""What may happen to an aanvraag, and who may make it happen.

The status machine::

    ingediend → in behandeling → aanvulling gevraagd ⇄ aangevuld → besloten
    (ingetrokken by the school at any moment before a besluit)

Every transition is a function that takes the acting user, locks the aanvraag
row (``select_for_update``), checks the user's role and the *current* status,
changes the status, writes the status history and the logboek, and queues the
e-mail. A refused transition raises ``TransitionError`` with a Dutch message the
views show to the user; because of the row lock two staff members acting at
once cannot both succeed — the second sees the new status and is refused.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import logboek
from loket.dossiers.archive import require_not_archived
from loket.errors import TransitionError
from loket.lifecycle import notifications
from loket.lifecycle.bijlagen import check_file_count, store_bijlage
from loket.models import Aanvraag, Aanvulling, Bijlage, LogEntry, StatusChange, Terugkoppeling
from permissions import policy

S = Aanvraag.Status
STAFF = (Role.CONSULENT, Role.COMMISSIE)


# --- helpers (also used by loket.lifecycle.besluit) -------------------------------------------


def lock(aanvraag):
    """Re-read the aanvraag under a row lock; the caller is inside ``atomic``."""
    return Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)


def require_visible(user, aanvraag):
    if not policy.can_view_aanvraag(user, aanvraag):
        raise TransitionError(_("Deze aanvraag bestaat niet of is niet van jouw school."), 404)


def require_role(user, roles, message):
    if not (user.is_superuser or policy.has_role(user, *roles)):
        raise TransitionError(message, 403)


def require_status(aanvraag, allowed, action):
    if aanvraag.status not in allowed:
        raise TransitionError(
            _("Dit kan niet meer: de aanvraag staat op “%(status)s”, %(action)s kan dan niet.")
            % {"status": aanvraag.get_status_display().lower(), "action": action}
        )


def move(aanvraag, user, to_status, reason="", notify=True):
    """Change the status of a locked aanvraag and record it: status history, logboek
    and, unless ``notify`` is false, the school's e-mail."""
    from_status = aanvraag.status
    aanvraag.status = to_status
    now = timezone.now()
    if to_status == S.AANVULLING_GEVRAAGD:
        aanvraag.completed_at = None
    elif to_status == S.AANGEVULD:
        aanvraag.completed_at = now
    elif to_status == S.BESLOTEN:
        aanvraag.decided_at = now
    aanvraag.save(update_fields=["status", "completed_at", "decided_at", "consulent", "updated_at"])
    StatusChange.objects.create(
        aanvraag=aanvraag,
        from_status=from_status,
        to_status=to_status,
        by=user,
        role=logboek.acting_role(user, aanvraag.school_id),
        reason=reason,
        at=now,
    )
    logboek.log(
        LogEntry.Action.STATUS,
        user,
        aanvraag=aanvraag,
        detail=f"{Aanvraag.Status(from_status).label} → {Aanvraag.Status(to_status).label}",
    )
    if notify:
        notifications.notify_school(aanvraag, "status")


# --- transitions ------------------------------------------------------------------


def take_in(aanvraag, user):
    """In behandeling nemen: a consulent (or the commissie) starts handling it."""
    require_role(user, STAFF, _("Alleen medewerkers van het SWV nemen aanvragen in behandeling."))
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        require_status(aanvraag, [S.INGEDIEND, S.AANGEVULD], _("in behandeling nemen"))
        if aanvraag.consulent_id is None and policy.has_role(user, Role.CONSULENT):
            aanvraag.consulent = user
        move(aanvraag, user, S.IN_BEHANDELING)
    return aanvraag


def assign_consulent(aanvraag, user, consulent):
    """Toewijzen aan een consulent: no status change, but logged."""
    require_role(user, STAFF, _("Alleen medewerkers van het SWV wijzen aanvragen toe."))
    if consulent is not None and not consulent.has_role(Role.CONSULENT):
        raise TransitionError(_("Kies een consulent."), 400)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        if not aanvraag.is_open:
            raise TransitionError(_("Een afgesloten aanvraag wijs je niet meer toe."))
        aanvraag.consulent = consulent
        aanvraag.save(update_fields=["consulent", "updated_at"])
        logboek.log(
            LogEntry.Action.TOEGEWEZEN,
            user,
            aanvraag=aanvraag,
            detail=f"consulent {consulent.pk}" if consulent else "geen consulent",
        )
    if consulent is not None:
        notifications.notify_consulent(aanvraag, "toegewezen", consulent=consulent)
    return aanvraag


def request_aanvulling(aanvraag, user, message):
    """Aanvulling vragen: the SWV asks the school for more, with a message."""
    require_role(user, STAFF, _("Alleen medewerkers van het SWV vragen een aanvulling."))
    message = (message or "").strip()
    if not message:
        raise TransitionError(_("Schrijf wat de school moet aanvullen."), 400)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        require_not_archived(aanvraag.dossier_id)
        require_status(aanvraag, [S.IN_BEHANDELING, S.AANGEVULD], _("een aanvulling vragen"))
        move(aanvraag, user, S.AANVULLING_GEVRAAGD, reason=message)
    return aanvraag


def add_aanvulling(aanvraag, user, text, files=()):
    """Aanvullen: the school's only way to add information after submitting."""
    text = (text or "").strip()
    if not text and not files:
        raise TransitionError(_("Schrijf een toelichting of voeg een bestand toe."), 400)
    check_file_count(files)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        if not policy.has_role(user, Role.SCHOOLGEBRUIKER) or not policy.is_school_user_of(
            user, aanvraag.school_id
        ):
            raise TransitionError(_("Alleen de school zelf vult een aanvraag aan."), 403)
        require_not_archived(aanvraag.dossier_id)
        require_status(aanvraag, [S.AANVULLING_GEVRAAGD], _("aanvullen"))
        aanvulling = Aanvulling.objects.create(aanvraag=aanvraag, text=text, created_by=user)
        for uploaded in files:
            store_bijlage(aanvraag, uploaded, user, Bijlage.AANVULLING, aanvulling=aanvulling)
        logboek.log(
            LogEntry.Action.AANVULLING,
            user,
            aanvraag=aanvraag,
            detail=f"{len(files)} bestand(en)",
        )
        move(aanvraag, user, S.AANGEVULD)
        notifications.notify_consulent(aanvraag, "aanvulling")
    return aanvulling


def give_terugkoppeling(aanvraag, user, text, files=()):
    """Terugkoppeling geven: a written reply to the school, at any moment before the end."""
    require_role(user, STAFF, _("Alleen medewerkers van het SWV geven terugkoppeling."))
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Schrijf de terugkoppeling."), 400)
    check_file_count(files)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        require_not_archived(aanvraag.dossier_id)
        if aanvraag.status == S.INGETROKKEN:
            raise TransitionError(_("Deze aanvraag is ingetrokken."))
        terugkoppeling = Terugkoppeling.objects.create(aanvraag=aanvraag, text=text, author=user)
        for uploaded in files:
            store_bijlage(
                aanvraag, uploaded, user, Bijlage.TERUGKOPPELING, terugkoppeling=terugkoppeling
            )
        logboek.log(LogEntry.Action.TERUGKOPPELING, user, aanvraag=aanvraag)
        notifications.notify_school(aanvraag, "terugkoppeling")
    return terugkoppeling


def withdraw(aanvraag, user, reason=""):
    """Intrekken: the school withdraws its own aanvraag, until there is a besluit."""
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        if not policy.is_school_user_of(user, aanvraag.school_id):
            raise TransitionError(_("Alleen de school zelf trekt een aanvraag in."), 403)
        require_not_archived(aanvraag.dossier_id)
        require_status(aanvraag, Aanvraag.OPEN_STATUSES, _("intrekken"))
        move(aanvraag, user, S.INGETROKKEN, reason=(reason or "").strip())
        notifications.notify_consulent(aanvraag, "ingetrokken")
    return aanvraag
