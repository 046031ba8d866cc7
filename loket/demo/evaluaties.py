"""Demo data for the evaluation of granted arrangements (``loket.lifecycle.evaluatie``).

Runs after the demo forms (``cms`` demo step ``loket.demo.evaluaties``), because the
evaluation form must exist:

* School B's granted TOP-arrangement: its first evaluation moment is answered through
  the form engine, as the school would (the consulent sees "Evaluatie ontvangen").
* School A: an individueel arrangement for a fictional pupil, granted with two
  evaluation dates the commissie set, the first in ten days, so its reminder is due
  (``manage.py evaluatie_herinneren``) and the consulent sees "Evaluatie verwacht".

Idempotent: once a demo evaluation exists nothing is added. Fictional people only.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from loket.lifecycle import evaluatie, notifications, services
from loket.lifecycle.intake import create_aanvraag_from_submission
from loket.models import Aanvraag, Besluit, Evaluatiemoment
from loket.types import AanvraagType

ANSWERS = {
    "doelen": "Sara plant haar werk zelf met een weekplanning; samenwerken in een "
    "groepje lukt drie van de vier keer.",
    "duurzame_veranderingen": "De leerkrachten van de middenbouw werken met een vaste "
    'instructietafel; de ruimte naast het lokaal is ingericht als "derde ruimte".',
    "inclusiever": "Het team bespreekt leerlingen met een extra ondersteuningsbehoefte "
    "nu elke zes weken samen, niet meer alleen met de IB'er.",
    "perspectief": "Ja, met de weekplanning kan Sara in de eigen groep blijven.",
    "leerkracht": "De leerkracht geeft gedifferentieerde instructie en plant korte pauzes in.",
    "andere_leerlingen": "Vier andere leerlingen gebruiken de weekplanning ook.",
    "vervolg": "Ja, binnen de basisondersteuning van de school",
}


def _answer_first_moment(aanvraag, user):
    """The school fills in the evaluation form for the first moment (the engine's own
    draft and submit, so the hand-off links it as it would for a real school)."""
    from forms import services as form_services

    moment = aanvraag.evaluatiemomenten.order_by("due_date").first()
    if moment is None:
        return None
    draft = evaluatie.start(aanvraag, moment.pk, user)
    definition = draft.form_page().definition()
    steps = [step.key for step in definition.steps]
    return form_services.submit(draft, definition, ANSWERS, steps, set(), user=user)


def _granted_with_dates(school, school_user, consulent, commissie):
    from loket.demo.seed import _submission

    submission = _submission(
        school,
        school_user,
        AanvraagType.INDIVIDUEEL_ARRANGEMENT,
        ("Lotte Verzonnenhof", 9, "04-12", "4"),
        days_ago=100,
    )
    aanvraag = create_aanvraag_from_submission(submission)
    services.take_in(aanvraag, consulent)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=60)
    services.decide(
        aanvraag,
        commissie,
        uitkomst="toegekend",
        motivering="Een begeleider in de groep, twee dagdelen per week, is passend.",
        start_date=start,
        end_date=start + datetime.timedelta(days=240),
        amount=9600,
        evaluatiedata=[today + datetime.timedelta(days=10), start + datetime.timedelta(days=240)],
    )
    return aanvraag


@transaction.atomic
def run(stdout=None):
    if Evaluatiemoment.objects.filter(status=Evaluatiemoment.Status.ONTVANGEN).exists():
        return
    if evaluatie.evaluation_page() is None:
        return
    users = {u.email: u for u in User.objects.filter(email__endswith=".example")}
    school_a = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, brin="99AA00").first()
    if school_a is None or "ib@school-a.example" not in users:
        return
    with notifications.muted():
        top_b = (
            Aanvraag.objects.filter(
                school__brin="99BB00",
                type=AanvraagType.TOP_ARRANGEMENT,
                besluit__uitkomst=Besluit.Uitkomst.TOEGEKEND,
            )
            .order_by("pk")
            .first()
        )
        if top_b is not None:
            _answer_first_moment(top_b, users["ib@school-b.example"])
        _granted_with_dates(
            school_a,
            users["ib@school-a.example"],
            users["consulent@swv.example"],
            users["commissie@swv.example"],
        )
    if stdout:
        stdout.write("Loket: evaluatiemomenten, één ontvangen evaluatie en één die eraan komt.")
