"""Herziening: the commissie revises the besluit of an aanvraag with a new decision and a reason.

What a herziening means:

* The ``Besluit`` row holds the decision in force, so everything that reads
  ``aanvraag.besluit`` (the pages, TLV terms, the monitoring) follows the new decision;
  the ``Herziening`` row keeps what it replaced and why. The aanvraag stays
  *besloten*: a revised decision is still a decision.
* The document the school received stays archived as sent: it is made first if the
  background task has not made it yet (so it shows the old decision), then marked
  ``vervangen_door`` this herziening; its bytes never change. The herziening is a
  letter of its own (``loket.lifecycle.brieven``). The school sees both.
* For a TOP-arrangement the ledger follows, under the same row locks as the grant
  (``loket.lifecycle.ledger.follow_besluit``): per calendar year the booked share
  becomes the new decision's share minus what the commissie released by hand, never
  below zero. Toegekend → afgewezen releases what is booked; afgewezen → toegekend
  books within the budgets (refused when a year has none or it does not fit); another
  amount or term books or releases the difference per year. The ledger is append
  only: a release is a negative line with reason *herziening*, never a deleted
  booking. The budget rows of every year involved are locked in year order first,
  so two herzieningen at once wait for each other instead of deadlocking.
* A new term for bezwaar starts on the day of the herziening
  (``loket.lifecycle.bezwaar.sent_on``). A gegrond bezwaar without herziening is
  linked to it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import logboek
from loket.errors import TransitionError
from loket.lifecycle import documenten, evaluatie, notifications
from loket.lifecycle.besluit import _check_grant_fields, limit_breaches, require_override
from loket.lifecycle.bezwaar import awaiting_herziening
from loket.lifecycle.brieven import Kind, store_letter
from loket.lifecycle.ledger import follow_besluit, lock_for_change
from loket.lifecycle.transitions import S, lock, require_role, require_visible
from loket.models import Besluit, FormeelDocument, Herziening, LogEntry
from loket.types import AanvraagType

FIELDS = ("uitkomst", "motivering", "tlv_categorie", "start_date", "end_date", "amount")


def revise(
    aanvraag,
    user,
    *,
    reden,
    uitkomst,
    motivering,
    tlv_categorie=None,
    start_date=None,
    end_date=None,
    amount=None,
    override=False,
    override_reason="",
    evaluatiedata=(),
):
    """Herzien (commissie only). Returns ``(herziening, warnings)``; refuses with a
    Dutch ``TransitionError`` and saves nothing when a rule or the budget says no."""
    require_role(user, [Role.COMMISSIE], _("Alleen de commissie herziet een besluit."))
    reden = (reden or "").strip()
    motivering = (motivering or "").strip()
    if not reden:
        raise TransitionError(_("Schrijf de reden van de herziening."), 400)
    if not motivering:
        raise TransitionError(_("Schrijf de motivering van het herziene besluit."), 400)
    if uitkomst not in Besluit.Uitkomst.values:
        raise TransitionError(_("Kies toekennen of afwijzen."), 400)
    granted = uitkomst == Besluit.Uitkomst.TOEGEKEND
    is_top = aanvraag.type == AanvraagType.TOP_ARRANGEMENT
    warnings = []
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        besluit = Besluit.objects.select_for_update().filter(aanvraag=aanvraag).first()
        if aanvraag.status != S.BESLOTEN or besluit is None:
            raise TransitionError(_("Alleen een besluit kan worden herzien."), 409)
        if granted:
            _check_grant_fields(aanvraag, tlv_categorie, start_date, end_date, amount)
        superseded = _current_document(aanvraag)
        if is_top:  # every year involved, in one order for everyone: no deadlock
            lock_for_change(aanvraag, start_date if granted else None, end_date)
        breaches = limit_breaches(aanvraag, start_date, amount=amount) if granted else []
        override_reason = require_override(breaches, override, override_reason)
        herziening = Herziening.objects.create(
            aanvraag=aanvraag,
            bezwaar=awaiting_herziening(aanvraag),
            reden=reden,
            vorige_uitkomst=besluit.uitkomst,
            vorig_bedrag=besluit.amount,
            uitkomst=uitkomst,
            motivering=motivering,
            tlv_categorie=tlv_categorie if granted else None,
            start_date=start_date if granted else None,
            end_date=end_date if granted else None,
            amount=amount if granted else None,
            override_reason=override_reason if breaches else "",
            decided_by=user,
        )
        for name in FIELDS:
            setattr(besluit, name, getattr(herziening, name))
        besluit.override_reason = herziening.override_reason
        besluit.save(update_fields=[*FIELDS, "override_reason"])
        if is_top:  # a refusal here rolls the whole herziening back
            follow_besluit(aanvraag, besluit, user)
        if granted:  # a refusal revised to a grant is evaluated too (none planned twice)
            evaluatie.check_dates(evaluatiedata, besluit.start_date)
            evaluatie.plan(aanvraag, besluit, user, evaluatiedata)
        letter = store_letter(aanvraag, Kind.HERZIENING, user, herziening=herziening)
        superseded.vervangen_door = herziening
        superseded.save(update_fields=["vervangen_door"])
        _log(aanvraag, user, herziening, breaches)
        if breaches:
            warnings.append(_("Herzien met afwijking van een maximum; de reden is vastgelegd."))
        notifications.notify_school(aanvraag, "herziening")
    herziening.letter = letter
    return herziening, warnings


def _current_document(aanvraag):
    """The letter with the decision in force: the newest herziening's, else the besluit
    as sent (archived now if the background task has not run yet)."""
    latest = (
        FormeelDocument.objects.filter(aanvraag=aanvraag, kind=Kind.HERZIENING)
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest or documenten.archived_document(aanvraag, Kind.BESLUIT)


def _log(aanvraag, user, herziening, breaches):
    """Decision labels only; the reasons stay on the herziening (the ledger logs its
    own lines, with amount and year)."""
    logboek.log(
        LogEntry.Action.HERZIENING,
        user,
        aanvraag=aanvraag,
        detail=f"{Besluit.Uitkomst(herziening.vorige_uitkomst).label} → "
        f"{Besluit.Uitkomst(herziening.uitkomst).label}",
    )
    if breaches:
        logboek.log(LogEntry.Action.AFWIJKING, user, aanvraag=aanvraag, detail=" ".join(breaches))


def documents_for_school(aanvraag):
    """Besluit and herzieningen as the school received them, oldest first, each with
    the herziening that replaced it (None for the one in force)."""
    kinds = [Kind.BESLUIT, Kind.HERZIENING]
    return list(
        FormeelDocument.objects.filter(aanvraag=aanvraag, kind__in=kinds)
        .select_related("vervangen_door", "herziening")
        .order_by("created_at", "pk")
    )
