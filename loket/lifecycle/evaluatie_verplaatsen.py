"""Moving a planned evaluation moment to another date (issue 25, "After the besluit").

Why: a trajectory runs late, a school is closed, a hearing moves the end date; the
moments planned at the besluit (``loket.lifecycle.evaluatie.plan``) must be able to
follow. Who: the consulent of the school (she sees only her schools' aanvragen) or
the commissie; nobody else.

Rules (each refusal a Dutch ``TransitionError`` with its 4xx, nothing saved):

- only an open moment moves: an evaluation already received stays where it was (409);
- the new date is today or later (400), differs from the current one, is not before
  the arrangement starts and is not the date of another moment of the aanvraag (400);
- a reason is required; it is free text of the SWV and may name the pupil, so it is
  kept on the moment only and the logboek says "van <datum> naar <datum>", as the TOP
  release keeps its explanation out of the logboek;
- a dossier under AVG restriction (art. 18) is not processed (409);
- the reminders follow the new date: both claims are cleared, so the daily job
  ``evaluatie_herinneren`` mails again before (and, if unanswered, after) the new
  date. The school gets a mail with the kenmerk only.
"""

import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import beperking, logboek
from loket.errors import TransitionError
from loket.lifecycle import notifications
from loket.lifecycle.transitions import lock, require_role, require_visible
from loket.models import Besluit, Evaluatiemoment, LogEntry

MAX_REASON = 2000


def _check_date(new_date, today):
    if not isinstance(new_date, datetime.date):
        raise TransitionError(_("Vul een geldige nieuwe datum in."), 400)
    if new_date < today:
        raise TransitionError(
            _("De nieuwe datum ligt in het verleden; kies vandaag of een latere datum."), 400
        )


def move(aanvraag, user, moment_pk, new_date, reden, today=None):
    """Move the open moment ``moment_pk`` of ``aanvraag`` to ``new_date`` with ``reden``.
    Returns the moment."""
    require_role(
        user,
        [Role.CONSULENT, Role.COMMISSIE],
        _("Alleen de consulent of de commissie verplaatst een evaluatiemoment."),
    )
    today = today or timezone.localdate()
    reden = (reden or "").strip()
    if not reden:
        raise TransitionError(_("Schrijf waarom het evaluatiemoment verschuift."), 400)
    if len(reden) > MAX_REASON:
        raise TransitionError(_("De reden is te lang (hoogstens 2.000 tekens)."), 400)
    _check_date(new_date, today)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        besluit = Besluit.objects.filter(aanvraag_id=aanvraag.pk).first()
        if besluit is None or not besluit.is_granted:
            raise TransitionError(
                _("Deze aanvraag is niet toegekend; er zijn geen evaluatiemomenten."), 409
            )
        if beperking.is_restricted(aanvraag.dossier):
            raise TransitionError(
                _("De verwerking van dit dossier is beperkt (AVG artikel 18)."), 409
            )
        moment = (
            Evaluatiemoment.objects.select_for_update()
            .filter(aanvraag_id=aanvraag.pk, pk=moment_pk)
            .first()
        )
        if moment is None:
            raise TransitionError(_("Dit evaluatiemoment bestaat niet."), 404)
        if not moment.is_open:
            raise TransitionError(
                _("Deze evaluatie is al ontvangen; het evaluatiemoment verplaatsen kan niet meer."),
                409,
            )
        if new_date == moment.due_date:
            raise TransitionError(_("Kies een andere datum dan de huidige."), 400)
        if besluit.start_date and new_date < besluit.start_date:
            raise TransitionError(_("Een evaluatiemoment ligt vóór de ingangsdatum."), 400)
        taken = Evaluatiemoment.objects.filter(aanvraag_id=aanvraag.pk, due_date=new_date)
        if taken.exclude(pk=moment.pk).exists():
            raise TransitionError(
                _("Op %(datum)s is er al een evaluatiemoment voor deze aanvraag.")
                % {"datum": formats.date_format(new_date, "j F Y")},
                400,
            )
        old_date = moment.due_date
        moment.due_date = new_date
        moment.verplaatst_op = timezone.now()
        moment.verplaatst_door = user
        moment.verplaatst_reden = reden
        moment.herinnering_op = None  # the reminders follow the new date
        moment.te_laat_herinnering_op = None
        moment.save(
            update_fields=[
                "due_date",
                "verplaatst_op",
                "verplaatst_door",
                "verplaatst_reden",
                "herinnering_op",
                "te_laat_herinnering_op",
            ]
        )
        logboek.log(
            LogEntry.Action.EVALUATIE_VERPLAATST,
            user,
            aanvraag=aanvraag,
            detail=_("van %(van)s naar %(naar)s")
            % {"van": old_date.isoformat(), "naar": new_date.isoformat()},
        )
        notifications.notify_school(aanvraag, "evaluatie_verplaatst")
    return moment
