"""School years: the pupil's groep per year, and the schooljaarovergang.

The kennisbank article "TOP dossier - schooljaarovergang" describes what a school
does at the start of a school year: first close the dossiers of pupils who are no
longer enrolled, then move the current pupils to the new year. Here:

- ``place`` puts a pupil in a groep for a school year; the current year's groep is
  also ``Leerling.groep`` (what the forms show), every year's is a
  ``Groepsplaatsing`` row, so last year's groep is not overwritten.
- ``plan_transition`` says, without saving anything, what the overgang to a year
  would do for one school: who moves to which groep, who leaves (groep 8 of a
  primary school), and which open dossiers belong to pupils no longer enrolled and
  should be archived. ``apply_transition`` does exactly that, in one transaction.
  Running it twice changes nothing the second time.

A groep that is not 1-8 (an SO class, a VO class, "anders") stays as it is: the
school's next import of its administration sets it.
"""

import dataclasses
import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from loket.leerlingen.matching import current_pupils
from loket.models import Dossier, Groepsplaatsing, Leerling, school_year_label

logger = logging.getLogger(__name__)

LAST_PRIMARY_GROEP = 8


def year_choices():
    """This school year and the next, for the forms that choose the year of an overgang."""
    year = school_year()
    return [(y, school_year_label(y)) for y in (year, year + 1)]


def school_year(day=None):
    """The school year ``day`` falls in, as its first calendar year (1 August - 31 July)."""
    day = day or timezone.localdate()
    return day.year if day.month >= 8 else day.year - 1


def last_day(year):
    """31 July that ends school year ``year``."""
    return datetime.date(year + 1, 7, 31)


def place(pupil, groep, year=None):
    """Put ``pupil`` in ``groep`` for school ``year`` (default: this one) and save.

    An earlier year than the pupil's current one only writes that year's row: an
    import of last year's list must not take the pupil back a year.
    """
    year = school_year() if year is None else year
    groep = (groep or "").strip()[:50]
    place_many({pupil.pk: groep}, year)
    if pupil.schooljaar is None or year >= pupil.schooljaar:
        if (pupil.groep, pupil.schooljaar) != (groep, year):
            Leerling.objects.filter(pk=pupil.pk).update(groep=groep, schooljaar=year)
        pupil.groep, pupil.schooljaar = groep, year


def place_many(groepen, year):
    """The ``Groepsplaatsing`` rows of many saved pupils (``{pk: groep}``) for one school
    year, in two queries: what ``place`` writes, and all the import needs (its
    ``Leerling`` rows are saved with groep and year already)."""
    existing = dict(
        Groepsplaatsing.objects.filter(leerling_id__in=list(groepen), schooljaar=year).values_list(
            "leerling_id", "pk"
        )
    )
    if existing:
        Groepsplaatsing.objects.bulk_update(
            [Groepsplaatsing(pk=existing[pk], groep=groepen[pk]) for pk in existing], ["groep"]
        )
    Groepsplaatsing.objects.bulk_create(
        [
            Groepsplaatsing(leerling_id=pk, schooljaar=year, groep=groep)
            for pk, groep in groepen.items()
            if pk not in existing
        ]
    )


def next_groep(groep):
    """The groep after ``groep`` at the overgang; None when the pupil leaves the school."""
    if groep.isdigit() and 1 <= int(groep) < LAST_PRIMARY_GROEP:
        return str(int(groep) + 1)
    if groep == str(LAST_PRIMARY_GROEP):
        return None
    return groep


@dataclasses.dataclass
class Transition:
    year: int
    moves: list  # (pupil, old groep, new groep)
    leavers: list  # pupils leaving after groep 8
    to_archive: list  # open dossiers of pupils no longer enrolled

    @property
    def is_empty(self):
        return not (self.moves or self.leavers)


def plan_transition(school, year):
    """What the overgang of ``school`` to school ``year`` would do (nothing is saved)."""
    moves, leavers = [], []
    behind = current_pupils(school).filter(Q(schooljaar__lt=year) | Q(schooljaar__isnull=True))
    for pupil in behind:
        new = next_groep(pupil.groep) if pupil.schooljaar is not None else pupil.groep
        if new is None:
            leavers.append(pupil)
        else:
            moves.append((pupil, pupil.groep, new))
    no_longer_enrolled = Q(leerling__vertrokken_op__isnull=False) | Q(
        leerling_id__in=[pupil.pk for pupil in leavers]
    )
    to_archive = list(
        Dossier.objects.filter(
            no_longer_enrolled, school=school, leerling__school=school, status=Dossier.Status.OPEN
        )
        .select_related("leerling")
        .order_by("leerling__naam", "pk")
    )
    return Transition(year=year, moves=moves, leavers=leavers, to_archive=to_archive)


@transaction.atomic
def apply_transition(school, year):
    """Move the school's current pupils to school ``year``; groep-8 pupils leave on
    31 July. Returns the ``Transition`` that was carried out."""
    list(Leerling.objects.select_for_update().filter(school=school).values_list("pk"))
    plan = plan_transition(school, year)
    for pupil, old, new in plan.moves:
        if pupil.schooljaar is not None:  # keep last year's row as it was
            Groepsplaatsing.objects.get_or_create(
                leerling=pupil, schooljaar=pupil.schooljaar, defaults={"groep": old}
            )
        place(pupil, new, year)
    for pupil in plan.leavers:
        Groepsplaatsing.objects.get_or_create(
            leerling=pupil, schooljaar=pupil.schooljaar, defaults={"groep": pupil.groep}
        )
        pupil.vertrokken_op = last_day(year - 1)
        pupil.save(update_fields=["vertrokken_op"])
    logger.info(
        "schooljaarovergang school=%s jaar=%s verplaatst=%s vertrokken=%s",
        school.pk,
        year,
        len(plan.moves),
        len(plan.leavers),
    )
    return plan
