"""Which pupil of the receiving school a transferred dossier lands on.

One child, one dossier: the receiver's register may already hold the child
(imported from its administration), written a little differently. An exact match
(name key and date of birth, ``loket.leerlingen.matching.find_pupil``) is taken
without asking. A *near miss* (same date of birth and a similar name, or the same
name with another date: ``likely_duplicates``) is not decided by the portal: the
accepting user is asked "Bedoel je …?" and picks the pupil or confirms a new one
(``choice``). Before this the near miss silently became a second pupil, and the
school had to find and merge the two later.

Only pupils the accepting user may see anyway are offered: the school's register for
a schoolgebruiker, the pupils of dossiers received earlier for an externe.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from loket.errors import TransitionError
from loket.leerlingen.matching import find_pupil, likely_duplicates
from loket.models import Leerling
from permissions import policy

NEW = "nieuw"  # the choice "a new pupil": not one of the candidates


class NearMiss(TransitionError):
    """The receiver's register has likely duplicates: ask which pupil is meant."""

    def __init__(self, candidates, incoming):
        super().__init__(
            _(
                "Bedoel je een leerling die al bij jullie staat? Kies de leerling, of kies "
                "‘nieuwe leerling’ als het een ander kind is."
            ),
            409,
        )
        self.candidates = candidates
        self.incoming = incoming


def candidates_for(user, school, naam, geboortedatum):
    """The near misses in ``school``'s register that ``user`` may see."""
    near = likely_duplicates(school, naam, geboortedatum)
    if not near:
        return []
    visible = Leerling.objects.filter(
        Q(pk__in=policy.pupils_visible_to(user).values("pk"))
        | Q(dossiers__in=policy.dossiers_received_by(user))
    )
    allowed = set(visible.filter(pk__in=[p.pk for p in near]).values_list("pk", flat=True))
    return [pupil for pupil in near if pupil.pk in allowed]


def parse_choice(text):
    """``"nieuw"``, a pupil's pk, or None (not asked yet); anything else is refused."""
    text = (text or "").strip()
    if not text:
        return None
    if text == NEW:
        return NEW
    if text.isdigit() and len(text) < 12:
        return int(text)
    raise TransitionError(_("Kies een leerling uit de lijst of ‘nieuwe leerling’."), 400)


def receiving_pupil(source, school, groep, user, choice=None):
    """The receiver's pupil for the transferred dossier of ``source``'s pupil.

    Raises ``NearMiss`` when the register has likely duplicates and nobody chose yet,
    ``TransitionError`` (400) for a choice that is not one of them."""
    pupil = source.leerling
    leerling = find_pupil(school, pupil.naam, pupil.geboortedatum)
    if leerling is None and choice != NEW:
        candidates = candidates_for(user, school, pupil.naam, pupil.geboortedatum)
        if choice is None and candidates:
            raise NearMiss(candidates, pupil)
        leerling = next((p for p in candidates if p.pk == choice), None)
        if choice is not None and leerling is None:
            raise TransitionError(_("Kies een leerling uit de lijst of ‘nieuwe leerling’."), 400)
    if leerling is None:
        return Leerling.objects.create(
            naam=pupil.naam, geboortedatum=pupil.geboortedatum, school=school, groep=groep
        )
    changed = []
    if leerling.groep != groep:
        leerling.groep = groep
        changed.append("groep")
    if leerling.vertrokken_op is not None:  # back at the school
        leerling.vertrokken_op = None
        changed.append("vertrokken_op")
    if changed:
        leerling.save(update_fields=changed)
    return leerling
