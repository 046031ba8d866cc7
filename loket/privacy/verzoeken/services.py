"""What each step of an AVG request does. Views call these; nothing else changes a request.

Every step is one transaction that also writes its ``VerzoekStap`` line, so the
register's logboek never misses a step that happened (nor shows one that did not).
Steps that act on the pupil reuse the services the rest of the portal uses: the
school's rectification (``loket.leerlingen.services.correct_pupil``) and retention's
removal (``loket.privacy.retention.removal.remove_dossier``), so a request cannot do
what the portal's own rules forbid, and is logged where those rules log.

Callers check that the user may keep the register (``policy.may_handle_avg_requests``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket import logboek
from loket.leerlingen.services import correct_pupil
from loket.models import AvgVerzoek, Bewaartermijn, Dossier, LogEntry, PurgeRecord, VerzoekStap

from . import termijnen

Stap = VerzoekStap.Stap

# AVG art. 17(3): why an erasure may be refused. Recorded as the decision's reason.
ERASURE_EXCEPTIONS = {
    "wettelijke_plicht": _("Wettelijke verplichting om de gegevens te bewaren (art. 17 lid 3 b)"),
    "algemeen_belang": _("Taak van algemeen belang: passend onderwijs (art. 17 lid 3 b)"),
    "rechtsvordering": _(
        "Instelling, uitoefening of onderbouwing van een rechtsvordering (art. 17 lid 3 e)"
    ),
    "archief": _("Archivering in het algemeen belang (art. 17 lid 3 d)"),
}


def log_step(verzoek, user, stap, detail=""):
    """Append one line to the register's logboek. ``detail``: references only.
    ``verzoek`` may be None: a step of the AVG-inzage page outside a request."""
    authenticated = user is not None and user.is_authenticated
    return VerzoekStap.objects.create(
        verzoek=verzoek,
        user=user if authenticated else None,
        actor=user.email if authenticated else "",
        stap=stap,
        detail=detail[:200],
    )


def _require_open(verzoek):
    if not verzoek.is_open:
        raise ValidationError(_("Dit verzoek is al afgerond."), code="afgerond")


def _require_kind(verzoek, *kinds):
    if verzoek.soort not in kinds:
        raise ValidationError(_("Deze stap hoort niet bij dit soort verzoek."), code="soort")


def _locked(verzoek):
    return AvgVerzoek.objects.select_for_update().get(pk=verzoek.pk)


@transaction.atomic
def register(user, leerling, soort, ontvangen_op):
    """Record a new request; the deadline follows from the day of receipt."""
    if soort not in AvgVerzoek.Soort.values:
        raise ValidationError(_("Kies het soort verzoek."), code="soort")
    if ontvangen_op > timezone.localdate():
        raise ValidationError(_("De ontvangstdatum kan niet in de toekomst liggen."))
    verzoek = AvgVerzoek.objects.create(
        soort=soort,
        leerling=leerling,
        ontvangen_op=ontvangen_op,
        termijn=termijnen.deadline(ontvangen_op),
        created_by=user,
    )
    log_step(verzoek, user, Stap.GEREGISTREERD, f"{soort}, leerling {leerling.pk}")
    return verzoek


@transaction.atomic
def extend(verzoek, user, reden):
    """Extend the deadline once, by two months, with a reason (art. 12(3))."""
    verzoek = _locked(verzoek)
    _require_open(verzoek)
    reden = (reden or "").strip()
    if verzoek.verlengd:
        raise ValidationError(_("De termijn is al een keer verlengd; dat kan maar één keer."))
    if not reden:
        raise ValidationError(_("Geef de reden van de verlenging."))
    if termijnen.is_overdue(verzoek.termijn):
        raise ValidationError(
            _("De termijn is al verstreken: verlengen kan alleen binnen de eerste maand.")
        )
    verzoek.verlengd = True
    verzoek.verlenging_reden = reden[:2000]
    verzoek.termijn = termijnen.extended_deadline(verzoek.ontvangen_op)
    verzoek.save(update_fields=["verlengd", "verlenging_reden", "termijn"])
    log_step(verzoek, user, Stap.VERLENGD, f"tot {verzoek.termijn:%d-%m-%Y}")
    return verzoek


@transaction.atomic
def decide(verzoek, user, besluit, reden):
    """Close the request with a decision. A refusal, in whole or in part, needs its reason."""
    verzoek = _locked(verzoek)
    _require_open(verzoek)
    reden = (reden or "").strip()
    if besluit not in AvgVerzoek.Besluit.values:
        raise ValidationError(_("Kies een besluit."))
    if besluit != AvgVerzoek.Besluit.TOEGEWEZEN and not reden:
        raise ValidationError(_("Geef de reden van de (gedeeltelijke) afwijzing."))
    verzoek.besluit = besluit
    verzoek.besluit_reden = reden[:4000]
    verzoek.status = AvgVerzoek.Status.AFGEROND
    verzoek.besloten_op = timezone.now()
    verzoek.save(update_fields=["besluit", "besluit_reden", "status", "besloten_op"])
    log_step(verzoek, user, Stap.BESLOTEN, besluit)
    return verzoek


def refuse_erasure(verzoek, user, uitzondering, toelichting):
    """Refuse an erasure on one of the legal exceptions of art. 17(3)."""
    _require_kind(verzoek, AvgVerzoek.Soort.WISSING)
    if uitzondering not in ERASURE_EXCEPTIONS:
        raise ValidationError(
            _("Kies de wettelijke uitzondering waarop de wissing wordt geweigerd.")
        )
    reden = f"{ERASURE_EXCEPTIONS[uitzondering]}. {(toelichting or '').strip()}".strip()
    return decide(verzoek, user, AvgVerzoek.Besluit.AFGEWEZEN, reden)


def _pupil_of(verzoek):
    if verzoek.leerling_id is None:
        raise ValidationError(_("De leerling van dit verzoek bestaat niet meer."))
    return verzoek.leerling


@transaction.atomic
def rectify(verzoek, user, **changes):
    """Correct the pupil's data through the school's own service; log field names only."""
    verzoek = _locked(verzoek)
    _require_open(verzoek)
    _require_kind(verzoek, AvgVerzoek.Soort.RECTIFICATIE)
    changed = correct_pupil(_pupil_of(verzoek), user, **changes)
    if changed:
        log_step(verzoek, user, Stap.GECORRIGEERD, ", ".join(changed))
    return changed


def dossiers_of(verzoek):
    """The dossiers of the request's pupil (a pupil has one per school)."""
    if verzoek.leerling_id is None:
        return Dossier.objects.none()
    return Dossier.objects.filter(leerling_id=verzoek.leerling_id).select_related("school")


def _dossier_of(verzoek, dossier_id):
    dossier = dossiers_of(verzoek).select_for_update(of=("self",)).filter(pk=dossier_id).first()
    if dossier is None:
        raise ValidationError(_("Kies een dossier van de leerling van dit verzoek."))
    return dossier


@transaction.atomic
def restrict(verzoek, user, dossier_id):
    """Freeze a dossier (art. 18): see ``loket.beperking`` for what that refuses."""
    verzoek = _locked(verzoek)
    _require_open(verzoek)
    _require_kind(verzoek, AvgVerzoek.Soort.BEPERKING, AvgVerzoek.Soort.BEZWAAR)
    dossier = _dossier_of(verzoek, dossier_id)
    if dossier.is_restricted:
        raise ValidationError(_("De verwerking van dit dossier is al beperkt."))
    Dossier.objects.filter(pk=dossier.pk).update(beperkt_sinds=timezone.now())
    logboek.log(LogEntry.Action.BEPERKT, user, dossier=dossier, detail=f"verzoek {verzoek.pk}")
    log_step(verzoek, user, Stap.BEPERKT, f"dossier {dossier.pk}")
    return dossier


@transaction.atomic
def lift(verzoek, user, dossier_id):
    """Lift a restriction: a step of its own, also after the request was decided
    (art. 18(3): the data subject is told before the restriction is lifted)."""
    verzoek = _locked(verzoek)
    _require_kind(verzoek, AvgVerzoek.Soort.BEPERKING, AvgVerzoek.Soort.BEZWAAR)
    dossier = _dossier_of(verzoek, dossier_id)
    if not dossier.is_restricted:
        raise ValidationError(_("De verwerking van dit dossier is niet beperkt."))
    Dossier.objects.filter(pk=dossier.pk).update(beperkt_sinds=None)
    logboek.log(
        LogEntry.Action.BEPERKING_OPGEHEVEN, user, dossier=dossier, detail=f"verzoek {verzoek.pk}"
    )
    log_step(verzoek, user, Stap.BEPERKING_OPGEHEVEN, f"dossier {dossier.pk}")
    return dossier


@transaction.atomic
def erase(verzoek, user, dossier_id):
    """Remove a dossier ahead of its retention, the way retention removes it (rows,
    files after the commit, its logboek, grants; the pupil when no dossier is left)."""
    from loket.privacy.retention.removal import remove_dossier

    verzoek = _locked(verzoek)
    _require_open(verzoek)
    _require_kind(verzoek, AvgVerzoek.Soort.WISSING)
    dossier = _dossier_of(verzoek, dossier_id)
    remove_dossier(dossier, Bewaartermijn.Actie.VERWIJDEREN, reason=PurgeRecord.Reason.WISSING)
    log_step(verzoek, user, Stap.GEWIST, f"dossier {dossier_id}")


@transaction.atomic
def request_inzage_export(verzoek, user):
    """Start the art. 15 export of the request's pupil (``loket.privacy.avg``)."""
    from loket.privacy.avg import export as avg_export

    _require_open(verzoek)
    _require_kind(verzoek, AvgVerzoek.Soort.INZAGE)
    export = avg_export.request_export(user, _pupil_of(verzoek))
    log_step(verzoek, user, Stap.INZAGE_EXPORT, f"export {export.pk}")
    return export


def open_requests():
    return AvgVerzoek.objects.filter(status=AvgVerzoek.Status.OPEN)


def due_soon(today=None):
    """Open requests that are overdue or due within ``NEARLY_DUE_DAYS``, most urgent first."""
    import datetime

    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=termijnen.NEARLY_DUE_DAYS)
    return open_requests().filter(termijn__lte=limit).order_by("termijn", "pk")
