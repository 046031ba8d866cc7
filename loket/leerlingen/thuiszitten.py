"""Thuiszitters: pupils who go to no school for a while.

The memo promises monitoring of "thuiszittende leerlingen". A schoolgebruiker of
the pupil's school, or the consulent assigned to that school, reports a period
(from, optionally until, a reason from ``Thuiszitter.Reden``) and ends it when the
pupil is back at school. Periods of one pupil do not overlap. Each step is a line
in the logboek of the pupil's dossier at the school (when there is one), without
the reason: the reason is in the period itself, visible to the same people.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket import logboek
from loket.errors import TransitionError
from loket.models import Dossier, LogEntry, Thuiszitter


def _dossier(pupil):
    return Dossier.objects.filter(leerling=pupil, school_id=pupil.school_id).first()


def _overlapping(pupil, vanaf, tot):
    """A period of this pupil that shares a day with ``vanaf`` up to (not incl.) ``tot``."""
    last = tot - datetime.timedelta(days=1) if tot is not None else datetime.date.max
    return at_home(vanaf, last).filter(leerling=pupil).exists()


@transaction.atomic
def report(pupil, user, *, vanaf, reden, tot=None):
    """Record a period at home; refused when it overlaps one already recorded."""
    if tot is not None and tot < vanaf:
        raise TransitionError(_("De einddatum ligt vóór de begindatum."), status=400)
    if vanaf > timezone.localdate():
        raise TransitionError(
            _("Een thuiszitperiode meld je vanaf de dag dat het begint."), status=400
        )
    if _overlapping(pupil, vanaf, tot):
        raise TransitionError(
            _("Voor deze periode is al een thuiszitperiode gemeld. Beëindig die eerst.")
        )
    period = Thuiszitter.objects.create(
        leerling=pupil, vanaf=vanaf, tot=tot, reden=reden, gemeld_door=user
    )
    logboek.log(LogEntry.Action.THUISZITTEN, user, dossier=_dossier(pupil))
    return period


@transaction.atomic
def end(period, user, *, tot):
    """The pupil goes to school again from ``tot``."""
    if period.tot is not None:
        raise TransitionError(_("Deze thuiszitperiode is al beëindigd."), status=409)
    if tot < period.vanaf:
        raise TransitionError(_("De einddatum ligt vóór de begindatum."), status=400)
    period.tot = tot
    period.save(update_fields=["tot"])
    logboek.log(LogEntry.Action.THUISZITTEN_EINDE, user, dossier=_dossier(period.leerling))
    return period


def at_home(first, last):
    """Periods during which a pupil was at home on some day from ``first`` to ``last``
    (both included; ``tot`` is the day back at school)."""
    return Thuiszitter.objects.filter(vanaf__lte=last).filter(
        Q(tot__isnull=True) | Q(tot__gt=first)
    )
