"""Finding a pupil as a school writes them: "Zoë  de Vries" is "zoe de vries".

Before this, a typo-free but differently written name ("Zoë" / "Zoe", a double
space, other capitals) silently made a second pupil and a second dossier. The
register keeps a *name key* beside the name: accents removed (Unicode NFKD without
combining marks), case folded, every run of spaces, hyphens and other punctuation
made one space. A pupil is the same pupil when school, name key and date of birth
are the same. ``likely_duplicates`` lists the near misses (same date of birth and
a similar name, or the same name with another date) so a person can decide.
"""

import difflib

from loket.models import Leerling
from loket.names import name_key

SIMILAR = 0.85  # difflib ratio from which two name keys are "probably the same child"


def current_pupils(school):
    """The school's pupils who have not left, in name order."""
    return Leerling.objects.filter(school=school, vertrokken_op__isnull=True).order_by("naam", "pk")


def find_pupil(school, naam, geboortedatum):
    """The school's pupil with this name (as a key) and date of birth, or None."""
    return (
        Leerling.objects.filter(
            school=school, naam_sleutel=name_key(naam), geboortedatum=geboortedatum
        )
        .order_by("pk")
        .first()
    )


def likely_duplicates(school, naam, geboortedatum, limit=5):
    """Pupils of the school who are probably the one meant, but not an exact match."""
    key = name_key(naam)
    same_day = Leerling.objects.filter(school=school, geboortedatum=geboortedatum).exclude(
        naam_sleutel=key
    )
    same_name = Leerling.objects.filter(school=school, naam_sleutel=key).exclude(
        geboortedatum=geboortedatum
    )
    near = [
        pupil
        for pupil in same_day.only("pk", "naam", "naam_sleutel", "geboortedatum")[:200]
        if difflib.SequenceMatcher(None, key, pupil.naam_sleutel).ratio() >= SIMILAR
    ]
    return (near + list(same_name.order_by("pk")[:limit]))[:limit]
