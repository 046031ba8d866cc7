"""Rectificatie (AVG art. 16): correcting a pupil's data in the register.

One function, ``correct_pupil``, for every caller: the school's "Gegevens
corrigeren" page now, the privacy officer's AVG register later. Callers decide who
may correct (the school's page looks the pupil up in
``permissions.policy.pupils_visible_to``); this module decides what a correction is.

The logboek gets the names of the fields that changed, never the old or the new
values: those are the personal data being corrected, and the logboek is kept
longer and shown more widely than the register itself.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from loket import logboek
from loket.models import Leerling, LogEntry
from loket.names import name_key

FIELDS = ("naam", "geboortedatum", "leerlingnummer", "groep")
MAX_LENGTH = {"naam": 200, "leerlingnummer": 100, "groep": 50}


class DuplicatePupil(ValidationError):
    """The correction would make this pupil another pupil of the school: merge instead."""

    def __init__(self, other):
        super().__init__(
            _(
                "Met deze gegevens is dit dezelfde leerling als een andere leerling van de "
                "school (zelfde naam en geboortedatum, of zelfde leerlingnummer). Voeg de twee "
                "leerlingen samen in plaats van te corrigeren."
            ),
            code="duplicate",
        )
        self.other = other


def _clean(changes):
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    clean = {}
    for field, value in changes.items():
        if field == "geboortedatum":
            if not isinstance(value, datetime.date):
                raise ValidationError({field: _("Vul een geldige geboortedatum in.")})
            clean[field] = value
            continue
        value = " ".join(str(value or "").split())
        if len(value) > MAX_LENGTH[field]:
            raise ValidationError({field: _("Dit is te lang.")})
        clean[field] = value
    if "naam" in clean and not clean["naam"]:
        raise ValidationError({"naam": _("Vul de naam van de leerling in.")})
    return clean


def _twin(pupil):
    """Another pupil of the school that ``pupil`` (as corrected, unsaved) would be."""
    same = Q(naam_sleutel=name_key(pupil.naam), geboortedatum=pupil.geboortedatum)
    if pupil.leerlingnummer:
        same |= Q(leerlingnummer=pupil.leerlingnummer)
    others = Leerling.objects.filter(school_id=pupil.school_id).exclude(pk=pupil.pk)
    return others.filter(same).order_by("pk").first()


def correct_pupil(pupil, user, **changes):
    """Correct ``naam``, ``geboortedatum``, ``leerlingnummer`` and/or ``groep``.

    Returns the sorted names of the fields that really changed (empty: nothing was
    saved and nothing logged). Raises ``ValidationError`` for bad values and
    ``DuplicatePupil`` when the result would equal another pupil of the school:
    two rows for one child are merged (``loket.leerlingen.merge``), not made equal.
    """
    clean = _clean(changes)
    with transaction.atomic():
        pupil = Leerling.objects.select_for_update().get(pk=pupil.pk)
        changed = sorted(f for f, value in clean.items() if getattr(pupil, f) != value)
        if not changed:
            return []
        for field in changed:
            setattr(pupil, field, clean[field])
        other = _twin(pupil)
        if other is not None:
            raise DuplicatePupil(other)
        try:
            with transaction.atomic():
                pupil.save(update_fields=changed)
        except IntegrityError:  # the same number saved meanwhile by someone else
            raise DuplicatePupil(_twin(pupil)) from None
        _log_correction(pupil, user, changed)
    return changed


def _log_correction(pupil, user, changed):
    """One line per dossier of the pupil (the school sees it in the dossier's
    logboek); a pupil without a dossier gets one line without one."""
    detail = f"leerling {pupil.pk}: {', '.join(changed)}"
    role = logboek.acting_role(user, pupil.school_id)
    for dossier in list(pupil.dossiers.all()) or [None]:
        logboek.log(
            LogEntry.Action.LEERLING_GECORRIGEERD, user, dossier=dossier, detail=detail, role=role
        )
