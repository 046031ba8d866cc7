"""Mede-ondertekening (issue 26): the orthopedagoog, the bestuur (or whoever a form
names, ``Medeondertekenaar``) sign the aanvraag or decline with a reason.

DESIGN.md: “orthopedagoog, bestuur (no account) sign or decline an aanvraag through
an e-mailed link plus code, on the exact version shown.” So this reuses what the
parents' instemming has: a token stored as a hash and a six-digit code with limited
tries (``linkcode``), the frozen version and its SHA-256 (``versie``), and the
instemming's public pages' rate limits. For a TOP-arrangement the bestuur's signature
is what confirms its 50 % co-financing; the IB'er no longer ticks that for them.

When the school submits, each party of the form page gets its own link to the address
the school entered in the party's e-mail field (``request_all``). The school can
withdraw an open link and ask a party again (a new record, a new link). Once, after
``LoketSettings.ondertekening_herinnering_dagen``, an open link is replaced by a new
one in a reminder (``remind``; the raw token is never stored, so a reminder cannot
repeat the old link). Mails name the school, the kind of aanvraag and its kenmerk,
never the pupil; the URL holds only the token.

The party's page side (open, code, sign) is in ``ondertekening_link``; what it means
for the besluit is in ``loket.instemming.vereist``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket import logboek
from loket.errors import TransitionError
from loket.instemming import linkcode, mails, versie
from loket.models import Aanvraag, LogEntry, LoketSettings, Medeondertekenaar, Medeondertekening
from permissions import policy

A = LogEntry.Action
S = Medeondertekening.Status
OPEN = Medeondertekening.OPEN_STATUSES

# What the school and the SWV see per party.
GEVRAAGD, GETEKEND, GEWEIGERD, VERLOPEN, INGETROKKEN, NIET_GEVRAAGD = (
    "gevraagd",
    "getekend",
    "geweigerd",
    "verlopen",
    "ingetrokken",
    "niet_gevraagd",
)
STATE_LABELS = {
    GEVRAAGD: _("Gevraagd"),
    GETEKEND: _("Ondertekend"),
    GEWEIGERD: _("Niet ondertekend"),
    VERLOPEN: _("Link verlopen"),
    INGETROKKEN: _("Link ingetrokken"),
    NIET_GEVRAAGD: _("Nog niet gevraagd"),
}


def log(action, user, record, *, extra=""):
    """One logboek line; without an account the role is the party's own label."""
    detail = f"ondertekening {record.pk}: {record.rol}"
    if extra:
        detail += f", {extra}"
    role = None if user is not None else record.rol[:30]
    logboek.log(action, user, aanvraag=record.aanvraag, detail=detail, role=role)


def parties(aanvraag):
    """The parties the aanvraag's form page names, in their order."""
    if aanvraag.form_page_id is None:
        return []
    return list(Medeondertekenaar.objects.filter(page_id=aanvraag.form_page_id))


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _link(token):
    return f"{base_url()}/ondertekenen/{token}/"


def ask(aanvraag, partij, *, email, user=None, rol=None):
    """A new link for one party, bound to the version frozen now; mailed on commit."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise TransitionError(_("Vul een geldig e-mailadres in."), 400) from None
    days = LoketSettings.load().ondertekening_geldig_dagen
    token, token_hash = linkcode.new_token()
    record = Medeondertekening.objects.create(
        aanvraag=aanvraag,
        partij=partij,
        rol=rol or partij.rol,
        email=email,
        status=S.GEVRAAGD,
        ends_on=timezone.localdate() + timedelta(days=days),
        token_hash=token_hash,
        created_by=user if user is not None and user.is_authenticated else None,
        # Frozen from the stored row: PostgreSQL's jsonb orders the answers' keys, and
        # answers outside the form's labels are listed in that order (``answer_sections``),
        # so a snapshot of the unsaved dict right after submission could differ.
        **versie.frozen_fields(Aanvraag.objects.get(pk=aanvraag.pk)),
    )
    log(A.ONDERTEKENING_GEVRAAGD, user, record, extra=email)
    transaction.on_commit(lambda: mails.cosign_link(record, _link(token)))
    return record


def request_all(aanvraag, user):
    """At submission: one link per party whose e-mail field the school filled in.

    A party without an address stays “nog niet gevraagd” (the form makes the field
    required when it matters); the school can ask them from the aanvraag page."""
    created = []
    for partij in parties(aanvraag):
        email = str(aanvraag.answers.get(partij.email_veld) or "").strip()
        if email:
            created.append(ask(aanvraag, partij, email=email, user=user))
    return created


def _require_school(user, aanvraag):
    if not policy.is_school_user_of(user, aanvraag.school_id):
        raise TransitionError(_("Alleen de school zelf regelt de mede-ondertekening."), 403)
    if not aanvraag.is_open:
        raise TransitionError(_("Over deze aanvraag is al besloten of hij is ingetrokken."))


def revoke(record, user):
    """The school withdraws an open link (e.g. a wrong address)."""
    _require_school(user, record.aanvraag)
    with transaction.atomic():
        record = Medeondertekening.objects.select_for_update().get(pk=record.pk)
        if not record.link_is_open:
            raise TransitionError(_("Deze link werkt al niet meer."))
        record.close_link(S.INGETROKKEN)
        log(A.ONDERTEKENING_INGETROKKEN, user, record)
    return record


def ask_again(record, user, *, email):
    """A new request to the same party after a refusal, an expired or withdrawn link or
    a signature for an earlier version; an open link is withdrawn first."""
    _require_school(user, record.aanvraag)
    latest = latest_per_party(record.aanvraag).get(_key(record))
    if latest is not None and latest.link_is_open:
        raise TransitionError(_("Er staat al een open link uit; trek die eerst in."))
    if latest is not None and state(latest, versie.current(record.aanvraag)) == GETEKEND:
        raise TransitionError(_("Deze partij heeft de huidige versie al ondertekend."))
    return ask(record.aanvraag, record.partij, email=email, user=user, rol=record.rol)


# --- state per party ------------------------------------------------------------------


def _key(record):
    return record.partij_id or record.rol


def latest_per_party(aanvraag):
    """The newest record per party (by configuration, else by role label)."""
    latest = {}
    for record in aanvraag.medeondertekeningen.order_by("created_at", "pk"):
        latest[_key(record)] = record
    return latest


def state(record, current_fingerprint):
    if record.status == S.GETEKEND:
        # A signature for an earlier version no longer counts: ask again.
        return GETEKEND if record.versie_sha256 == current_fingerprint else VERLOPEN
    return {
        S.GEVRAAGD: GEVRAAGD,
        S.GEOPEND: GEVRAAGD,
        S.GEWEIGERD: GEWEIGERD,
        S.VERLOPEN: VERLOPEN,
        S.INGETROKKEN: INGETROKKEN,
    }[record.status]


def overview(aanvraag):
    """Per configured party (and any party asked but since removed from the form, not
    ``required``): its role, newest record, state and label; ``earlier`` lists the
    older records."""
    current = versie.current(aanvraag)
    records = list(aanvraag.medeondertekeningen.order_by("created_at", "pk"))
    rows = []
    seen = set()
    for partij in parties(aanvraag):
        seen.add(partij.pk)
        own = [r for r in records if r.partij_id == partij.pk]
        rows.append(_row(partij.rol, own, current, configured=True))
    rest = {}
    for record in records:
        if record.partij_id not in seen:
            rest.setdefault(record.rol, []).append(record)
    rows += [_row(rol, own, current, configured=False) for rol, own in rest.items()]
    return rows


def _label(record, key):
    if record.status == S.GETEKEND and key != GETEKEND:
        return _("Ondertekend voor een eerdere versie")
    return STATE_LABELS[key]


def _row(rol, own, current, *, configured):
    """``earlier``: the party's older requests, newest first, each ``{record, state,
    label}`` (ingetrokken, verlopen, geweigerd with its reason, or signed for a version
    since changed), so a school that asked again still sees what happened before."""
    latest = own[-1] if own else None
    key = state(latest, current) if latest else NIET_GEVRAAGD
    earlier = []
    for record in reversed(own[:-1]):
        old = state(record, current)
        earlier.append({"record": record, "state": old, "label": _label(record, old)})
    return {
        "rol": rol,
        "record": latest,
        "state": key,
        "label": _label(latest, key) if latest else STATE_LABELS[key],
        "earlier": earlier,
        "required": configured,
    }


# --- scheduled ------------------------------------------------------------------------


def expire(record):
    record.close_link(S.VERLOPEN)
    log(A.ONDERTEKENING_VERLOPEN, None, record)


def expire_links(today=None):
    """Mark open links past their end date as verlopen; returns how many (idempotent)."""
    today = today or timezone.localdate()
    count = 0
    due = Medeondertekening.objects.filter(status__in=OPEN, ends_on__lt=today)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            record = (
                Medeondertekening.objects.select_for_update().filter(pk=pk, status__in=OPEN).first()
            )
            if record is not None:
                expire(record)
                count += 1
    return count


def remind(today=None):
    """Once per record: a new link to whoever has not answered after the configured
    number of days; the old link stops working (only its hash was kept). Links past
    their end date are expired first. Returns how many reminders went out."""
    today = today or timezone.localdate()
    expire_links(today)
    days = LoketSettings.load().ondertekening_herinnering_dagen
    cutoff = today - timedelta(days=days)
    due = Medeondertekening.objects.filter(
        status__in=OPEN, reminded_at__isnull=True, created_at__date__lte=cutoff
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            record = (
                Medeondertekening.objects.select_for_update()
                .filter(pk=pk, status__in=OPEN, reminded_at__isnull=True)
                .first()
            )
            if record is None:
                continue
            token, record.token_hash = linkcode.new_token()
            record.reminded_at = timezone.now()
            record.code_hash = ""
            record.save(update_fields=["token_hash", "reminded_at", "code_hash"])
            log(A.ONDERTEKENING_HERINNERD, None, record)
            link = _link(token)
            transaction.on_commit(lambda r=record, link=link: mails.cosign_link(r, link, True))
            sent += 1
    return sent
