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

import contextlib
import hashlib
import mimetypes
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from forms.fieldroles import answers_by_role
from forms.files import sanitise_name
from loket.types import AanvraagType
from permissions import policy

from . import logboek, notifications
from .models import (
    Aanvraag,
    Aanvulling,
    Besluit,
    Bijlage,
    Dossier,
    LogEntry,
    LoketSettings,
    ReferenceCounter,
    StatusChange,
    Terugkoppeling,
    TopBudget,
    TopLedgerEntry,
)

S = Aanvraag.Status
TOP_SWV_SHARE = Decimal("0.50")
MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # 20 MB per file
ALLOWED_UPLOAD_TYPES = {
    "application/pdf": b"%PDF",
    "image/png": b"\x89PNG",
    "image/jpeg": b"\xff\xd8\xff",
    # Office Open XML (docx, xlsx) is a zip file.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK\x03\x04",
}


class TransitionError(Exception):
    """A refused action; ``message`` is Dutch and safe to show to the user."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


# --- helpers --------------------------------------------------------------------


def _lock(aanvraag):
    """Re-read the aanvraag under a row lock; the caller is inside ``atomic``."""
    return Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)


def _require_visible(user, aanvraag):
    if not policy.can_view_aanvraag(user, aanvraag):
        raise TransitionError(_("Deze aanvraag bestaat niet of is niet van jouw school."), 404)


def _require_role(user, roles, message):
    if not (user.is_superuser or policy.has_role(user, *roles)):
        raise TransitionError(message, 403)


def _require_status(aanvraag, allowed, action):
    if aanvraag.status not in allowed:
        raise TransitionError(
            _("Dit kan niet meer: de aanvraag staat op “%(status)s”, %(action)s kan dan niet.")
            % {"status": aanvraag.get_status_display().lower(), "action": action}
        )


def _move(aanvraag, user, to_status, reason="", notify=True):
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


def next_reference(year=None):
    """``SWV-<year>-<six digits>``, numbered per calendar year, safe under concurrency."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(year=year)
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"SWV-{year}-{counter.last:06d}"


def sniff_content_type(head, declared=""):
    """The content type from the file's first bytes, or None when not allowed."""
    for content_type, magic in ALLOWED_UPLOAD_TYPES.items():
        if head.startswith(magic):
            if magic == b"PK\x03\x04":
                guessed = declared if declared in ALLOWED_UPLOAD_TYPES else None
                return guessed or content_type
            return content_type
    return None


def store_bijlage(aanvraag, uploaded, user, field_name, **links):
    """Store an uploaded file (Django ``UploadedFile`` or ``File``) as a private bijlage.

    The type is decided on the content, not the name; a file that is too large or
    of an unknown type raises ``TransitionError`` (caller is in a transaction, so
    nothing is half stored in the database).
    """
    size = uploaded.size
    if size > MAX_UPLOAD_SIZE:
        raise TransitionError(
            _("Het bestand is te groot (maximaal 20 MB per bestand)."), status=400
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    content_type = sniff_content_type(head, getattr(uploaded, "content_type", "") or "")
    if content_type is None:
        raise TransitionError(
            _("Dit bestandstype kan niet: kies een PDF, Word- of Excel-bestand, PNG of JPEG."),
            status=400,
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    bijlage = Bijlage(
        aanvraag=aanvraag,
        field_name=field_name,
        original_name=sanitise_name(getattr(uploaded, "name", "") or "bijlage"),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
        **links,
    )
    bijlage.file.save("bijlage", uploaded, save=False)
    bijlage.save()
    return bijlage


def guess_content_type(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


# --- transitions ------------------------------------------------------------------

STAFF = (Role.CONSULENT, Role.COMMISSIE, Role.BEHEERDER)


def take_in(aanvraag, user):
    """In behandeling nemen: a consulent (or commissie/beheerder) starts handling it."""
    _require_role(user, STAFF, _("Alleen medewerkers van het SWV nemen aanvragen in behandeling."))
    with transaction.atomic():
        aanvraag = _lock(aanvraag)
        _require_visible(user, aanvraag)
        _require_status(aanvraag, [S.INGEDIEND, S.AANGEVULD], _("in behandeling nemen"))
        if aanvraag.consulent_id is None and policy.has_role(user, Role.CONSULENT):
            aanvraag.consulent = user
        _move(aanvraag, user, S.IN_BEHANDELING)
    return aanvraag


def assign_consulent(aanvraag, user, consulent):
    """Toewijzen aan een consulent: no status change, but logged."""
    _require_role(user, STAFF, _("Alleen medewerkers van het SWV wijzen aanvragen toe."))
    if consulent is not None and not consulent.has_role(Role.CONSULENT):
        raise TransitionError(_("Kies een consulent."), 400)
    with transaction.atomic():
        aanvraag = _lock(aanvraag)
        _require_visible(user, aanvraag)
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
    _require_role(user, STAFF, _("Alleen medewerkers van het SWV vragen een aanvulling."))
    message = (message or "").strip()
    if not message:
        raise TransitionError(_("Schrijf wat de school moet aanvullen."), 400)
    with transaction.atomic():
        aanvraag = _lock(aanvraag)
        _require_visible(user, aanvraag)
        _require_status(aanvraag, [S.IN_BEHANDELING, S.AANGEVULD], _("een aanvulling vragen"))
        _move(aanvraag, user, S.AANVULLING_GEVRAAGD, reason=message)
    return aanvraag


def add_aanvulling(aanvraag, user, text, files=()):
    """Aanvullen: the school's only way to add information after submitting."""
    text = (text or "").strip()
    if not text and not files:
        raise TransitionError(_("Schrijf een toelichting of voeg een bestand toe."), 400)
    with transaction.atomic():
        aanvraag = _lock(aanvraag)
        if not policy.has_role(user, Role.SCHOOLGEBRUIKER) or not _is_member_of_school(
            user, aanvraag.school_id
        ):
            raise TransitionError(_("Alleen de school zelf vult een aanvraag aan."), 403)
        _require_status(aanvraag, [S.AANVULLING_GEVRAAGD], _("aanvullen"))
        aanvulling = Aanvulling.objects.create(aanvraag=aanvraag, text=text, created_by=user)
        for uploaded in files:
            store_bijlage(aanvraag, uploaded, user, Bijlage.AANVULLING, aanvulling=aanvulling)
        logboek.log(
            LogEntry.Action.AANVULLING,
            user,
            aanvraag=aanvraag,
            detail=f"{len(files)} bestand(en)",
        )
        _move(aanvraag, user, S.AANGEVULD)
        notifications.notify_consulent(aanvraag, "aanvulling")
    return aanvulling


def give_terugkoppeling(aanvraag, user, text, files=()):
    """Terugkoppeling geven: a written reply to the school, at any moment before the end."""
    _require_role(user, STAFF, _("Alleen medewerkers van het SWV geven terugkoppeling."))
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Schrijf de terugkoppeling."), 400)
    with transaction.atomic():
        aanvraag = _lock(aanvraag)
        _require_visible(user, aanvraag)
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
        aanvraag = _lock(aanvraag)
        if not _is_member_of_school(user, aanvraag.school_id):
            raise TransitionError(_("Alleen de school zelf trekt een aanvraag in."), 403)
        _require_status(aanvraag, Aanvraag.OPEN_STATUSES, _("intrekken"))
        _move(aanvraag, user, S.INGETROKKEN, reason=(reason or "").strip())
        notifications.notify_consulent(aanvraag, "ingetrokken")
    return aanvraag


def decide(
    aanvraag,
    user,
    *,
    uitkomst,
    motivering,
    tlv_categorie=None,
    start_date=None,
    end_date=None,
    amount=None,
):
    """Besluit vastleggen (commissie only). Returns ``(besluit, warnings)``.

    Granting a TOP-arrangement books the SWV share against the budget of the
    year it starts in (``book_top_grant``); if that does not fit, nothing is
    decided and the commissie gets the reason.
    """
    _require_role(user, [Role.COMMISSIE], _("Alleen de commissie legt een besluit vast."))
    motivering = (motivering or "").strip()
    if not motivering:
        raise TransitionError(_("Schrijf de motivering van het besluit."), 400)
    if uitkomst not in Besluit.Uitkomst.values:
        raise TransitionError(_("Kies toekennen of afwijzen."), 400)
    granted = uitkomst == Besluit.Uitkomst.TOEGEKEND
    warnings = []
    with transaction.atomic():
        aanvraag = _lock(aanvraag)
        _require_visible(user, aanvraag)
        _require_status(aanvraag, [S.IN_BEHANDELING, S.AANGEVULD], _("een besluit vastleggen"))
        if granted:
            _check_grant_fields(aanvraag, tlv_categorie, start_date, end_date, amount)
        besluit = Besluit.objects.create(
            aanvraag=aanvraag,
            uitkomst=uitkomst,
            motivering=motivering,
            tlv_categorie=tlv_categorie if granted else None,
            start_date=start_date if granted else None,
            end_date=end_date if granted else None,
            amount=amount if granted else None,
            decided_by=user,
        )
        if granted and aanvraag.type == AanvraagType.TOP_ARRANGEMENT:
            warnings += top_cap_warnings(aanvraag.school_id, start_date.year)
            book_top_grant(aanvraag, besluit, user)
        logboek.log(
            LogEntry.Action.BESLUIT, user, aanvraag=aanvraag, detail=besluit.get_uitkomst_display()
        )
        # One e-mail for the besluit, not a second one for the status it brings.
        _move(aanvraag, user, S.BESLOTEN, notify=False)
        notifications.notify_school(aanvraag, "besluit")
    return besluit, warnings


def _check_grant_fields(aanvraag, tlv_categorie, start_date, end_date, amount):
    is_tlv = aanvraag.type in (AanvraagType.TLV, AanvraagType.TLV_VERLENGING)
    if is_tlv and tlv_categorie not in (1, 2, 3):
        raise TransitionError(_("Kies de TLV-categorie (1, 2 of 3)."), 400)
    if not start_date or not end_date:
        raise TransitionError(_("Vul de ingangs- en einddatum in."), 400)
    if end_date < start_date:
        raise TransitionError(_("De einddatum ligt vóór de ingangsdatum."), 400)
    if not is_tlv and aanvraag.type != AanvraagType.OVERIG and (amount is None or amount <= 0):
        raise TransitionError(_("Vul het toegekende bedrag in."), 400)
    if aanvraag.type == AanvraagType.TOP_ARRANGEMENT:
        maximum = LoketSettings.load().top_max_amount
        if maximum is not None and amount > maximum:
            raise TransitionError(
                _("Het bedrag is hoger dan het maximum voor een TOP-arrangement (€ %(max)s).")
                % {"max": maximum},
                400,
            )


def archive_dossier(dossier, user):
    """Archiveren: the SWV is no longer involved. Not while an aanvraag is open, and
    not earlier than five working days after a TLV request."""
    _require_role(user, STAFF, _("Alleen medewerkers van het SWV archiveren een dossier."))
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not policy.can_view_dossier(user, dossier):
            raise TransitionError(_("Dit dossier bestaat niet of is niet van jouw scholen."), 404)
        if dossier.is_archived:
            raise TransitionError(_("Dit dossier is al gearchiveerd."))
        if dossier.aanvragen.filter(status__in=Aanvraag.OPEN_STATUSES).exists():
            raise TransitionError(
                _("Er loopt nog een aanvraag in dit dossier; archiveer na het besluit.")
            )
        last_tlv = (
            dossier.aanvragen.filter(type__in=[AanvraagType.TLV, AanvraagType.TLV_VERLENGING])
            .order_by("-submitted_at")
            .values_list("submitted_at", flat=True)
            .first()
        )
        if last_tlv and add_working_days(timezone.localdate(last_tlv), 5) > timezone.localdate():
            raise TransitionError(
                _(
                    "Een dossier met een TLV-aanvraag archiveer je pas vijf werkdagen "
                    "na de aanvraag."
                )
            )
        dossier.status = Dossier.Status.GEARCHIVEERD
        dossier.archived_at = timezone.now()
        dossier.save(update_fields=["status", "archived_at"])
        logboek.log(LogEntry.Action.GEARCHIVEERD, user, dossier=dossier)
    return dossier


def add_working_days(day, count):
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _is_member_of_school(user, school_id):
    return user.memberships.filter(role=Role.SCHOOLGEBRUIKER, organisation_id=school_id).exists()


# --- TOP budget ledger -------------------------------------------------------------


def top_share(total):
    """The SWV pays half of a TOP-arrangement; the school board the other half."""
    return (Decimal(total) * TOP_SWV_SHARE).quantize(Decimal("0.01"))


def requested_amounts(aanvraag):
    """What the school asked for, read by field role from its answers: ``total``
    (role "totaalbedrag"), ``bestuur`` ("bestuursdeel", its board's share) and
    ``start_date`` ("startdatum"); missing or unreadable values are left out.

    By role, never by field name: an editor may rename a field in a new revision.
    Used as defaults of the besluit form; the commissie decides the real amount.
    """
    answers = answers_by_role(aanvraag)
    result = {}
    for key, role in (("total", "totaalbedrag"), ("bestuur", "bestuursdeel")):
        try:
            value = Decimal(str(answers.get(role)))
        except (InvalidOperation, ValueError):
            continue
        if value.is_finite() and value > 0:
            result[key] = value.quantize(Decimal("0.01"))
    with contextlib.suppress(ValueError):
        result["start_date"] = date.fromisoformat(str(answers.get("startdatum")))
    return result


def book_top_grant(aanvraag, besluit, user):
    """Book the SWV share of a granted TOP-arrangement against its start year.

    Locks the year's budget row, so concurrent grants are booked one after the
    other and the sum can never exceed the budget.
    """
    year = besluit.start_date.year
    try:
        budget = TopBudget.objects.select_for_update().get(year=year)
    except TopBudget.DoesNotExist:
        raise TransitionError(
            _("Er is geen TOP-budget vastgesteld voor %(year)s.") % {"year": year}
        ) from None
    share = top_share(besluit.amount)
    booked = budget.entries.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if booked + share > budget.amount:
        raise TransitionError(
            _(
                "Dit past niet in het TOP-budget %(year)s: het SWV-deel is € %(share)s, "
                "er is nog € %(left)s beschikbaar."
            )
            % {"year": year, "share": share, "left": budget.amount - booked}
        )
    return TopLedgerEntry.objects.create(
        budget=budget,
        aanvraag=aanvraag,
        school_id=aanvraag.school_id,
        amount=share,
        start_date=besluit.start_date,
        end_date=besluit.end_date,
        booked_by=user,
    )


def top_cap_warnings(school_id, year):
    maximum = LoketSettings.load().max_top_per_school_per_year
    if maximum is None:
        return []
    count = TopLedgerEntry.objects.filter(school_id=school_id, budget__year=year).count()
    if count + 1 > maximum:
        return [
            _(
                "Let op: deze school krijgt hiermee %(n)s TOP-arrangementen in %(year)s; "
                "het maximum is %(max)s."
            )
            % {"n": count + 1, "year": year, "max": maximum}
        ]
    return []


def top_budget_summary(year=None, today=None):
    """Budget, used (arrangement period over), reserved (running or to come), remaining."""
    today = today or timezone.localdate()
    year = year or today.year
    budget = TopBudget.objects.filter(year=year).first()
    if budget is None:
        return None
    entries = TopLedgerEntry.objects.filter(budget=budget)
    used = entries.filter(end_date__lt=today).aggregate(t=Sum("amount"))["t"] or Decimal("0")
    reserved = entries.filter(end_date__gte=today).aggregate(t=Sum("amount"))["t"] or Decimal("0")
    return {
        "year": year,
        "budget": budget.amount,
        "used": used,
        "reserved": reserved,
        "remaining": budget.amount - used - reserved,
    }


def overdue_aanvragen(queryset=None):
    """Complete aanvragen without besluit for longer than the configured weeks."""
    weeks = LoketSettings.load().overdue_weeks
    limit = timezone.now() - timedelta(weeks=weeks)
    queryset = queryset if queryset is not None else Aanvraag.objects.all()
    return queryset.filter(
        status__in=[S.INGEDIEND, S.IN_BEHANDELING, S.AANGEVULD], completed_at__lt=limit
    )
