"""Instemming (consent) of parents, or of a pupil of 16+, on an aanvraag or on the
dossier's ontwikkelplan (OPP). Both are a *subject*: something with a ``school_id``,
a ``dossier_id``, a ``school`` and ``bijlagen`` (``Aanvraag`` and ``Ontwikkelplan``).

Three ways, as in the seed ``kennisbank-artikelen-top-dossier.txt`` (“TOP dossier -
instemming”): an e-mail with a link (subject + end date) to one or more people;
“Anders (buiten TOP dossier)”: a date and how it was obtained; “Anders (niet!)”:
refused, with the reason.

The link works like the seed's “2Factor Authenticatie - Instemming”: opening it
shows a button; the button mails a six-digit code to the same address; only with
that code does the parent see, read-only, the summary and the attachments the
school chose, and answer ja / nee with an optional zienswijze. The token and the
code are random and stored as hashes; a code is single use, valid ten minutes,
allows ``MAX_CODE_TRIES`` wrong tries and can be asked for at most once per
``CODE_COOLDOWN`` and ``MAX_CODE_REQUESTS`` times per link. Mails name only the
school and carry the link: never the pupil. Every step goes into the logboek.

Who answers follows the pupil's age (``loket.instemming.wie``: from 16 the pupil,
the parents may be informed); each record freezes the version it is about
(``loket.instemming.versie``). What the besluit asks of them is in
``loket.instemming.vereist``.
"""

import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket import logboek
from loket.dossiers.archive import require_not_archived
from loket.errors import TransitionError
from loket.instemming import linkcode, mails, versie, wie
from loket.instemming.linkcode import (  # noqa: F401 (the names tests and callers use)
    CODE_COOLDOWN,
    CODE_VALIDITY,
    MAX_CODE_REQUESTS,
    MAX_CODE_TRIES,
    hash_token,
)
from loket.models import Instemming, LogEntry, Ontwikkelplan
from permissions import policy

CODE_SALT = "loket.instemming.code"
# The logboek's role for people without an account: who the record is for.
PERSON_ROLE = {Instemming.Rol.OUDER: "ouder/verzorger", Instemming.Rol.LEERLING: "leerling"}


def _require_school_member(user, subject):
    if not policy.is_school_user_of(user, subject.school_id):
        raise TransitionError(_("Alleen de school zelf regelt de instemming."), 403)


def _on(subject):
    """The keyword that ties a new record to its subject."""
    return {"plan": subject} if isinstance(subject, Ontwikkelplan) else {"aanvraag": subject}


def _person(instemming):
    return PERSON_ROLE.get(instemming.rol, "")


def _log(action, user, instemming, role=None, *, who=False):
    """One logboek line; ``who`` adds who answered, for lines the school writes."""
    detail = f"instemming {instemming.pk}"
    if instemming.plan_id:
        detail += " (ontwikkelplan)"
    if who:
        detail += f", door {_person(instemming)}"
    if instemming.plan_id:
        logboek.log(action, user, dossier=instemming.plan.dossier, detail=detail, role=role)
    else:
        logboek.log(action, user, aanvraag=instemming.aanvraag, detail=detail, role=role)


# --- the school -----------------------------------------------------------------------


def request_by_email(
    subject,
    user,
    *,
    emails,
    onderwerp,
    ends_on,
    bijlagen=(),
    base_url="",
    rol=None,
    reden_namens="",
    informeren=(),
):
    """Mail a link to each address; returns the new records.

    Each link is for ``rol`` (default: who ``wie`` says for today) and binds to the
    version frozen now. When the pupil consents, ``informeren`` are parents' addresses
    that get a short notice without a link.
    """
    _require_school_member(user, subject)
    require_not_archived(subject.dossier_id)
    emails = [e.strip() for e in emails if e.strip()]
    if not emails:
        raise TransitionError(_("Vul minstens één e-mailadres in."), 400)
    if ends_on is None or ends_on < timezone.localdate():
        raise TransitionError(_("Kies een einddatum van vandaag of later."), 400)
    rol = wie.check_role(subject, rol, reden_namens, day=timezone.localdate())
    informeren = [e.strip() for e in informeren if e.strip()]
    if informeren and rol != Instemming.Rol.LEERLING:
        raise TransitionError(_("Ouders informeren kan alleen als de leerling zelf instemt."), 400)
    onderwerp = (onderwerp or "").strip() or _("Verzoek om instemming")
    allowed = set(subject.bijlagen.values_list("pk", flat=True))
    chosen = [b for b in bijlagen if b.pk in allowed]
    created = []
    version = versie.frozen_fields(subject)
    with transaction.atomic():
        for email in emails:
            token, token_hash = linkcode.new_token()
            instemming = Instemming.objects.create(
                **_on(subject),
                **version,
                wijze=Instemming.Wijze.EMAIL,
                status=Instemming.Status.VERSTUURD,
                email=email,
                onderwerp=onderwerp,
                ends_on=ends_on,
                token_hash=token_hash,
                rol=rol,
                reden_namens=(reden_namens or "").strip(),
                created_by=user,
            )
            instemming.bijlagen.set(chosen)
            _log(LogEntry.Action.INSTEMMING_VERSTUURD, user, instemming)
            link = f"{base_url}/instemming/{token}/"
            transaction.on_commit(
                lambda e=email, s=onderwerp, link=link, d=ends_on: mails.link(
                    subject, e, s, link, d, rol
                )
            )
            created.append(instemming)
        if informeren:
            _log(LogEntry.Action.INSTEMMING_GEINFORMEERD, user, created[0])
            transaction.on_commit(lambda: mails.informed(subject, informeren, onderwerp))
    return created


def register_outside(subject, user, *, datum, toelichting, gegeven=True, rol=None, reden_namens=""):
    """“Anders”: obtained outside the portal (``gegeven``) or refused, with the reason.

    ``rol`` is who gave or refused it (default: who ``wie`` says for ``datum``); the
    record binds to the version as it is now, the one the school registers it for.
    """
    _require_school_member(user, subject)
    require_not_archived(subject.dossier_id)
    toelichting = (toelichting or "").strip()
    if datum is None:
        raise TransitionError(_("Vul de datum in."), 400)
    if datum > timezone.localdate():
        raise TransitionError(_("De datum ligt in de toekomst."), 400)
    if not toelichting:
        raise TransitionError(
            _("Schrijf hoe de instemming is verkregen.")
            if gegeven
            else _("Schrijf waarom er geen instemming is."),
            400,
        )
    rol = wie.check_role(subject, rol, reden_namens, day=datum, gegeven=gegeven)
    instemming = Instemming.objects.create(
        **_on(subject),
        **versie.frozen_fields(subject),
        wijze=Instemming.Wijze.BUITEN if gegeven else Instemming.Wijze.GEWEIGERD,
        status=Instemming.Status.GEGEVEN if gegeven else Instemming.Status.GEWEIGERD,
        datum=datum,
        toelichting=toelichting,
        rol=rol,
        reden_namens=(reden_namens or "").strip(),
        created_by=user,
    )
    _log(LogEntry.Action.INSTEMMING_GEREGISTREERD, user, instemming, who=True)
    return instemming


def revoke(instemming, user):
    _require_school_member(user, instemming.subject)
    with transaction.atomic():
        instemming = Instemming.objects.select_for_update().get(pk=instemming.pk)
        if not instemming.link_is_open:
            raise TransitionError(_("Deze link werkt al niet meer."))
        instemming.close_link(Instemming.Status.INGETROKKEN)
        _log(LogEntry.Action.INSTEMMING_INGETROKKEN, user, instemming)
    return instemming


# --- the parent's link ----------------------------------------------------------------


class LinkClosed(Exception):
    """The link does not work (any more); ``message`` is safe to show anyone."""

    def __init__(self, message, status=410):
        super().__init__(message)
        self.message = message
        self.status = status


def _expire(instemming):
    instemming.close_link(Instemming.Status.VERLOPEN)
    _log(LogEntry.Action.INSTEMMING_VERLOPEN, None, instemming, role="")


def expire_links(today=None):
    """Mark links past their end date as verlopen and log it; returns how many.

    Run daily by the scheduler (``manage.py instemming_verlopen``) so the school and
    the consulent see "Link verlopen" without waiting for a parent to click. A link
    never depends on it: ``open_link`` compares the date itself. Idempotent.
    """
    today = today or timezone.localdate()
    expired = 0
    due = Instemming.objects.filter(
        wijze=Instemming.Wijze.EMAIL, status__in=Instemming.OPEN_STATUSES, ends_on__lt=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            instemming = (
                Instemming.objects.select_for_update()
                .filter(pk=pk, status__in=Instemming.OPEN_STATUSES)
                .first()
            )
            if instemming is not None:
                _expire(instemming)
                expired += 1
    return expired


def open_link(token, *, first_view=False):
    """The record behind a token, if the link still works; expires it lazily."""
    instemming = (
        Instemming.objects.select_related("aanvraag__school", "plan__dossier__school")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if instemming is None:
        raise LinkClosed(
            _("Deze link bestaat niet. Controleer of je hem helemaal hebt gekopieerd."), 404
        )
    if instemming.status in Instemming.OPEN_STATUSES and instemming.ends_on < timezone.localdate():
        _expire(instemming)
    if instemming.status == Instemming.Status.VERLOPEN:
        raise LinkClosed(_("Deze link is verlopen. Neem contact op met de school."))
    if instemming.status == Instemming.Status.INGETROKKEN:
        raise LinkClosed(_("Deze link is ingetrokken door de school."))
    if instemming.status in (Instemming.Status.GEGEVEN, Instemming.Status.GEWEIGERD):
        raise LinkClosed(_("Deze link is al gebruikt: je antwoord is ontvangen."))
    if first_view and instemming.opened_at is None:
        instemming.opened_at = timezone.now()
        instemming.status = Instemming.Status.GEOPEND
        instemming.save(update_fields=["opened_at", "status"])
        _log(LogEntry.Action.INSTEMMING_GEOPEND, None, instemming, role=_person(instemming))
    return instemming


def send_code(instemming):
    """Mail a fresh six-digit code to the link's own address (throttled: ``linkcode``)."""
    instemming, code = linkcode.issue_code(
        instemming,
        salt=CODE_SALT,
        on_issued=lambda i: _log(LogEntry.Action.INSTEMMING_CODE, None, i, role=_person(i)),
    )
    body = _(
        "Je code om de instemming te openen is: %(code)s\n\n"
        "De code werkt tien minuten en één keer.\n\n%(school)s"
    ) % {"code": code, "school": instemming.subject.school.name}
    try:
        send_mail(_("Je code"), body, settings.DEFAULT_FROM_EMAIL, [instemming.email])
    except (smtplib.SMTPException, OSError):
        raise TransitionError(
            _("De code kon niet worden verstuurd. Probeer het over een paar minuten opnieuw."),
            503,
        ) from None


def verify_code(instemming, code):
    """True when ``code`` is the outstanding one; it is used up either way on success."""
    return linkcode.check_code(
        instemming,
        code,
        salt=CODE_SALT,
        on_wrong=lambda i: _log(LogEntry.Action.INSTEMMING_CODE_FOUT, None, i, role=_person(i)),
    )


def answer(instemming, *, ja, zienswijze=""):
    with transaction.atomic():
        instemming = Instemming.objects.select_for_update().get(pk=instemming.pk)
        if not instemming.link_is_open:
            raise LinkClosed(_("Deze link is al gebruikt: je antwoord is ontvangen."))
        instemming.status = Instemming.Status.GEGEVEN if ja else Instemming.Status.GEWEIGERD
        instemming.zienswijze = (zienswijze or "").strip()
        instemming.answered_at = timezone.now()
        instemming.datum = timezone.localdate()
        instemming.save(update_fields=["status", "zienswijze", "answered_at", "datum"])
        _log(LogEntry.Action.INSTEMMING_BEANTWOORD, None, instemming, role=_person(instemming))
    return instemming
