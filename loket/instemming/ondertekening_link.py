"""The party's side of a mede-ondertekening link: open it, get a code, sign or decline.

The same steps as the parents' instemming link (``loket.instemming.services``) and
the same code rules (``linkcode``), on ``Medeondertekening`` records: an unknown,
expired, withdrawn or used link gets one Dutch sentence (``LinkClosed``) and nothing
else. What the party signs is the version frozen when they were asked.
"""

import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.errors import TransitionError
from loket.instemming import linkcode
from loket.instemming.ondertekening import A, S, expire, log
from loket.instemming.services import LinkClosed
from loket.models import Medeondertekening

CODE_SALT = "loket.ondertekening.code"


def open_link(token, *, first_view=False):
    """The record behind a token, if the link still works; expires it lazily."""
    record = (
        Medeondertekening.objects.select_related("aanvraag__school")
        .filter(token_hash=linkcode.hash_token(token or ""))
        .first()
    )
    if record is None:
        raise LinkClosed(
            _("Deze link bestaat niet (meer). Controleer of je hem helemaal hebt gekopieerd."),
            404,
        )
    if record.link_is_open and record.ends_on < timezone.localdate():
        expire(record)
    if record.status == S.VERLOPEN:
        raise LinkClosed(_("Deze link is verlopen. Neem contact op met de school."))
    if record.status == S.INGETROKKEN:
        raise LinkClosed(_("Deze link is ingetrokken door de school."))
    if record.status in (S.GETEKEND, S.GEWEIGERD):
        raise LinkClosed(_("Deze link is al gebruikt: je antwoord is ontvangen."))
    if first_view and record.opened_at is None:
        record.opened_at = timezone.now()
        record.status = S.GEOPEND
        record.save(update_fields=["opened_at", "status"])
        log(A.ONDERTEKENING_GEOPEND, None, record)
    return record


def send_code(record):
    """Mail a fresh six-digit code to the link's own address (throttled)."""
    record, code = linkcode.issue_code(
        record, salt=CODE_SALT, on_issued=lambda r: log(A.ONDERTEKENING_CODE, None, r)
    )
    body = _(
        "Je code om de mede-ondertekening te openen is: %(code)s\n\n"
        "De code werkt tien minuten en één keer.\n\n%(school)s"
    ) % {"code": code, "school": record.aanvraag.school.name}
    try:
        send_mail(_("Je code"), body, settings.DEFAULT_FROM_EMAIL, [record.email])
    except (smtplib.SMTPException, OSError):
        raise TransitionError(
            _("De code kon niet worden verstuurd. Probeer het over een paar minuten opnieuw."),
            503,
        ) from None


def verify_code(record, code):
    return linkcode.check_code(
        record, code, salt=CODE_SALT, on_wrong=lambda r: log(A.ONDERTEKENING_CODE_FOUT, None, r)
    )


def sign(record, *, getekend, reden=""):
    """Sign (or decline, with a reason) the frozen version; logs who (e-mail and role),
    when (the logboek line's time) and the version's SHA-256. No IP address is kept."""
    reden = (reden or "").strip()
    if not getekend and not reden:
        raise TransitionError(_("Schrijf waarom je niet ondertekent."), 400)
    with transaction.atomic():
        record = Medeondertekening.objects.select_for_update().get(pk=record.pk)
        if not record.link_is_open:
            raise LinkClosed(_("Deze link is al gebruikt: je antwoord is ontvangen."))
        record.status = S.GETEKEND if getekend else S.GEWEIGERD
        record.reden = reden
        record.answered_at = timezone.now()
        record.save(update_fields=["status", "reden", "answered_at"])
        log(
            A.ONDERTEKENING_GETEKEND if getekend else A.ONDERTEKENING_GEWEIGERD,
            None,
            record,
            extra=f"versie sha256 {record.versie_sha256}, {record.email}",
        )
    return record
