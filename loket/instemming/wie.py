"""Who gives instemming: the pupil from 16, a parent or guardian before that.

Seed ``memo-top-dossier-platform.txt``: “Het TOP dossier regelt automatisch
instemming wanneer er nog geen inzage/instemming is geweest bij het handelingsdeel
en wanneer een leerling 16 jaar of ouder is”, and “rekening te houden met het
instemmingsrecht van ouders – leerling (vanaf 16 jaar)”. The age is that of the
pupil in the register (``Leerling.geboortedatum`` of the subject's dossier) on the
day that counts: the day the link is sent, or for a registration the day the
instemming was given (a parent who signed when the child was 15 gave valid consent,
even if the school registers it after the 16th birthday).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from loket.errors import TransitionError
from loket.models import Instemming

AGE_OF_CONSENT = 16
Rol = Instemming.Rol


def age_on(geboortedatum, day):
    """Age in whole years on ``day``.

    A birthday counts from the calendar day itself: 16 on the 16th birthday, not the
    day after. Someone born on 29 February has their birthday on 1 March in a year
    without that day (the tuple comparison: 28 February still comes before it), so
    until then a parent consents: the later, safer day.
    """
    before_birthday = (day.month, day.day) < (geboortedatum.month, geboortedatum.day)
    return day.year - geboortedatum.year - int(before_birthday)


def role_for_birth_date(geboortedatum, day):
    """“wanneer een leerling 16 jaar of ouder is” the pupil consents, else a parent."""
    if geboortedatum is not None and age_on(geboortedatum, day) >= AGE_OF_CONSENT:
        return Rol.LEERLING
    return Rol.OUDER


def birth_date_of(subject):
    """The register pupil's date of birth behind an aanvraag or a plan, or None
    (an aanvraag without a pupil, such as a schoolarrangement)."""
    dossier = subject.dossier
    return dossier.leerling.geboortedatum if dossier is not None else None


def expected_role(subject, day=None):
    """Who answers for ``subject`` on ``day`` (default today)."""
    return role_for_birth_date(birth_date_of(subject), day or timezone.localdate())


def check_role(subject, rol, reden_namens, *, day, gegeven=True):
    """Refuse, in Dutch, a role the age rule does not allow; returns the role.

    ``rol`` None means: who the rule says. Without a pupil (no dossier) there is no
    age to check. A refusal (``gegeven=False``) may come
    from either: it only ever stops a besluit. A parent may consent for a pupil of
    16 or older only with a written reason (for instance a pupil who cannot decide
    for themself); a pupil under 16 never consents for themself.
    """
    geboortedatum = birth_date_of(subject)
    expected = role_for_birth_date(geboortedatum, day)
    rol = rol or expected
    if rol not in Rol.values:
        raise TransitionError(_("Kies wie instemt: ouder/verzorger of leerling."), 400)
    if not gegeven or geboortedatum is None:
        return rol
    if rol == Rol.OUDER and expected == Rol.LEERLING and not (reden_namens or "").strip():
        raise TransitionError(
            _(
                "De leerling is 16 jaar of ouder en stemt zelf in. Schrijf waarom een "
                "ouder/verzorger namens de leerling instemt."
            ),
            400,
        )
    if rol == Rol.LEERLING and expected == Rol.OUDER:
        raise TransitionError(
            _("De leerling is jonger dan 16 jaar: een ouder of verzorger stemt in."), 400
        )
    return rol
