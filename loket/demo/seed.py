"""Demo loket: fictional pupils, dossiers and fourteen aanvragen for school A
and school B in every status, with attachments, terugkoppeling and besluiten, and
a TOP budget (€ 200.000) for this calendar year and the next, and one bezwaar
(heard, ongegrond). Idempotent: runs once
per database.

Every date is relative to the day the demo runs, so the demo does not age: pupils
have an age, not a birth year; aanvragen were submitted some days ago; besluiten
start today and the budget is this year's.

Everything goes through the same intake and services as real use, so history and
logboek are filled as they would be. Notifications are muted while it runs.
"""

import datetime
import hashlib
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from cms.files.pdf import simple_pdf
from loket.lifecycle import notifications, services
from loket.lifecycle.intake import create_aanvraag_from_submission
from loket.models import Aanvraag, LoketSettings, TopBudget
from loket.types import AanvraagType

BUDGET = Decimal("200000")
LEERLING_STEP = {
    "title": "Leerling",
    "fields": [{"name": "leerling", "label": "Over welke leerling gaat het?", "type": "leerling"}],
    "roles": {"leerling": "leerling"},
}
TOP_STEP = {
    "title": "Onderbouwing TOP-arrangement",
    "fields": [
        {
            "name": "omgeving",
            "label": "Hoe wordt de omgeving aangepast aan de leerling?",
            "type": "text",
        },
        {"name": "perspectief", "label": "Wat is het perspectief van de leerling?", "type": "text"},
        {
            "name": "leerkracht",
            "label": "Hoe groeit het handelingsrepertoire van de leerkracht?",
            "type": "text",
        },
        # Same roles as the TOP demo form (loket/demo/form_steps.py), so the besluit
        # form picks up the requested amount.
        {
            "name": "totaal",
            "label": "Totale kosten (uren × uurtarief)",
            "type": "calculated",
            "is_amount": True,
        },
        {
            "name": "aandeel_bestuur",
            "label": "Aandeel schoolbestuur (50 %)",
            "type": "calculated",
            "is_amount": True,
        },
        {"name": "opp", "label": "OPP met halfjaarlijkse evaluatie", "type": "file"},
    ],
    "roles": {"totaal": "totaalbedrag", "aandeel_bestuur": "bestuursdeel"},
}
GENERAL_STEP = {
    "title": "Aanvraag",
    "fields": [
        {"name": "vraag", "label": "Wat is de ondersteuningsvraag?", "type": "text"},
        {"name": "opp", "label": "OPP of groeidocument", "type": "file"},
    ],
}
TOP_ANSWERS = {
    "omgeving": "De groep krijgt een vaste rustplek en de leerkracht werkt met dagplanning.",
    "perspectief": "Na het arrangement kan de leerling zonder extra steun in de groep blijven.",
    "leerkracht": "Coaching on the job door de orthopedagoog, zes keer per halfjaar.",
    "totaal": "24000.00",
    "aandeel_bestuur": "12000.00",
}

# key, school, type, pupil (naam, born this many years ago, birthday "MM-DD", groep;
# None: no pupil),
# days ago, what happens next
DEMO = [
    (
        "a1",
        "a",
        AanvraagType.TOP_ARRANGEMENT,
        ("Lotte Demodorp", 10, "04-12", "5"),
        3,
        "ingediend",
    ),
    ("a2", "a", AanvraagType.TLV, ("Sem Voorbeeldhuis", 12, "09-30", "7"), 60, "in_behandeling"),
    (
        "a3",
        "a",
        AanvraagType.INDIVIDUEEL_ARRANGEMENT,
        ("Mila Fictief", 9, "01-05", "4"),
        20,
        "aanvulling",
    ),
    (
        "a4",
        "a",
        AanvraagType.TOP_ARRANGEMENT,
        ("Daan Testweide", 11, "06-18", "6"),
        30,
        "aangevuld",
    ),
    (
        "a5",
        "a",
        AanvraagType.TOP_ARRANGEMENT,
        ("Noor Proefstra", 10, "11-02", "5"),
        80,
        "toegekend",
    ),
    ("a6", "a", AanvraagType.TLV, ("Sem Voorbeeldhuis", 12, "09-30", "7"), 120, "tlv_toegekend"),
    ("a7", "a", AanvraagType.GROEPSARRANGEMENT, None, 15, "ingetrokken"),
    # A TLV that ends this school year with its re-request reminder due (issue 25).
    ("a8", "a", AanvraagType.TLV, ("Iris Verzonnen", 12, "05-05", "8"), 300, "tlv_afloop"),
    (
        "b1",
        "b",
        AanvraagType.TOP_ARRANGEMENT,
        ("Finn Verzinsel", 11, "02-21", "6"),
        2,
        "ingediend",
    ),
    ("b2", "b", AanvraagType.OZA, ("Yara Denkbeeld", 10, "07-09", "5"), 25, "in_behandeling"),
    ("b3", "b", AanvraagType.SCHOOLARRANGEMENT, None, 12, "aanvulling"),
    (
        "b4",
        "b",
        AanvraagType.TLV_VERLENGING,
        ("Jesse Bedenksma", 13, "03-14", "8"),
        70,
        "afgewezen",
    ),
    (
        "b5",
        "b",
        AanvraagType.TOP_ARRANGEMENT,
        ("Sara Schijnveld", 10, "05-27", "5"),
        90,
        "toegekend",
    ),
    (
        "b6",
        "b",
        AanvraagType.INDIVIDUEEL_ARRANGEMENT,
        ("Finn Verzinsel", 11, "02-21", "6"),
        40,
        "aangevuld",
    ),
    ("b7", "b", AanvraagType.GROEPSARRANGEMENT, None, 9, "ingetrokken"),
]


def _file(name, field_name="opp"):
    data = simple_pdf(f"Demobestand: {name}")
    return SimpleNamespace(
        field_name=field_name,
        file=ContentFile(data, name=name),
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _upload(name):
    upload = ContentFile(simple_pdf(f"Demobestand: {name}"), name=name)
    upload.content_type = "application/pdf"
    return upload


def _submission(school, user, aanvraag_type, pupil, days_ago):
    answers, labels = {}, []
    if pupil:
        naam, age, birthday, groep = pupil
        geboortedatum = f"{timezone.localdate().year - age}-{birthday}"
        answers["leerling"] = {"naam": naam, "geboortedatum": geboortedatum, "groep": groep}
        labels.append(LEERLING_STEP)
    if aanvraag_type == AanvraagType.TOP_ARRANGEMENT:
        answers.update(TOP_ANSWERS)
        labels.append(TOP_STEP)
    else:
        answers["vraag"] = "Extra begeleiding in de groep bij plannen en samenwerken."
        labels.append(GENERAL_STEP)
    return SimpleNamespace(
        page=None,
        revision=None,
        user=user,
        organisation=school,
        handoff=aanvraag_type,
        answers=answers,
        labels=labels,
        files=[_file("OPP-en-evaluatie.pdf")],
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def _play(aanvraag, outcome, staff):
    consulent, commissie, school_user = staff
    if outcome == "ingediend":
        return
    if outcome == "ingetrokken":
        services.withdraw(aanvraag, school_user, "Het groepsplan is binnen de school opgelost.")
        return
    services.take_in(aanvraag, consulent)
    if outcome == "in_behandeling":
        services.give_terugkoppeling(
            aanvraag,
            consulent,
            "Dank voor de aanvraag. We plannen een gesprek met de IB'er en de orthopedagoog.",
        )
        return
    if outcome in ("aanvulling", "aangevuld"):
        services.request_aanvulling(
            aanvraag,
            consulent,
            "Voeg de ondertekening van de orthopedagoog en het OZA-formulier toe.",
        )
        if outcome == "aangevuld":
            services.add_aanvulling(
                aanvraag,
                school_user,
                "Hierbij het ondertekende OZA-formulier.",
                [_upload("OZA-formulier-ondertekend.pdf")],
            )
        return
    # The arrangement starts on the day of the besluit and is booked per calendar year
    # (this year's and next year's budget); a TLV runs to the end of the next school year.
    start = timezone.localdate()
    end = datetime.date(start.year + 1, 7, 31)
    if outcome == "afgewezen":
        services.decide(
            aanvraag,
            commissie,
            uitkomst="afgewezen",
            motivering="De ondersteuning past binnen de basisondersteuning van de school.",
        )
    elif outcome == "tlv_toegekend":
        services.decide(
            aanvraag,
            commissie,
            uitkomst="toegekend",
            motivering="De onderbouwing toont aan dat plaatsing in het SBO passend is.",
            tlv_categorie=2,
            start_date=start,
            end_date=end,
        )
    elif outcome == "tlv_afloop":
        services.decide(
            aanvraag,
            commissie,
            uitkomst="toegekend",
            motivering="Plaatsing in het SO is voor dit schooljaar passend.",
            tlv_categorie=1,
            start_date=start - datetime.timedelta(days=120),
            end_date=_ending_with_reminder_due(start),
        )
    else:
        services.decide(
            aanvraag,
            commissie,
            uitkomst="toegekend",
            motivering="Het arrangement is tijdelijk, groepsgericht en goed onderbouwd.",
            start_date=start,
            end_date=start + datetime.timedelta(days=183),
            amount=Decimal("30000") if aanvraag.school.brin == "99AA00" else Decimal("24000"),
        )
    services.give_terugkoppeling(
        aanvraag, consulent, "Het besluit staat in het loket; je kunt het als pdf downloaden."
    )


def _ending_with_reminder_due(today):
    """31 July of this school year if its reminder is due already; else a shorter term
    the commissie set, four weeks from now (its reminder is then due too)."""
    from loket.lifecycle import tlv

    end = tlv.default_end(today)
    if tlv.reminder_date(end) <= today:
        return end
    return today + datetime.timedelta(weeks=4)


def _werkvoorraad(consulent, commissie):
    """A vergadering next week with every aanvraag ready for a besluit on its agenda,
    and an internal note and action item of the consulent (never shown to the school)."""
    from loket.demo.vergadering import plan_agenda
    from loket.staff import notities

    today = timezone.localdate()
    plan_agenda(commissie)  # one aanvraag postponed from an earlier meeting, with notulen
    first = (
        Aanvraag.objects.filter(consulent=consulent, status=Aanvraag.Status.INGEDIEND)
        .order_by("pk")
        .first()
    )
    if first is not None:
        notities.add_notitie(
            first, consulent, "Telefonisch overleg met de IB'er: de OPP-evaluatie volgt."
        )
        notities.add_actiepunt(
            first, consulent, "OPP-evaluatie opvragen", today + datetime.timedelta(days=3)
        )


def _bezwaar(school_user, commissie):
    """School B objects to its refused TLV-verlenging; the commissie heard the school
    and found the bezwaar ongegrond (two letters kept as sent, in the logboek)."""
    from loket.lifecycle import bezwaar

    aanvraag = (
        Aanvraag.objects.filter(
            school__brin="99BB00", type=AanvraagType.TLV_VERLENGING, besluit__uitkomst="afgewezen"
        )
        .order_by("pk")
        .first()
    )
    if aanvraag is None:
        return
    lodged = bezwaar.lodge(
        aanvraag,
        school_user,
        "De school is het niet eens met de afwijzing: het verslag van de orthopedagoog van "
        "vorige maand laat zien dat de basisondersteuning niet volstaat.",
        [_upload("Verslag-orthopedagoog.pdf")],
    )
    bezwaar.register_hearing(
        lodged,
        commissie,
        timezone.now() - datetime.timedelta(hours=2),
        "De IB'er en de directeur lichtten het bezwaar toe. De commissie vroeg naar de "
        "inzet van het groepsplan; dat is nog niet geëvalueerd.",
    )
    bezwaar.decide_bezwaar(
        lodged,
        commissie,
        "ongegrond",
        "Het verslag bevat geen nieuwe feiten; eerst wordt het groepsplan geëvalueerd. "
        "De school kan daarna een nieuwe aanvraag doen.",
    )


@transaction.atomic
def run(stdout=None):
    year = timezone.localdate().year
    for budget_year in (year, year + 1):
        TopBudget.objects.get_or_create(year=budget_year, defaults={"amount": BUDGET})
    from loket.demo import top

    top.settings()  # the TOP maximum (an assumption, see loket.demo.top)
    loket_settings = LoketSettings.load()
    if loket_settings.max_top_per_school_per_year is None:
        loket_settings.max_top_per_school_per_year = 3
        loket_settings.save()
    schools = {
        "a": Organisation.objects.get(kind=Organisation.Kind.SCHOOL, brin="99AA00"),
        "b": Organisation.objects.get(kind=Organisation.Kind.SCHOOL, brin="99BB00"),
    }
    if Aanvraag.objects.filter(school__in=schools.values()).exists():
        return
    users = {u.email: u for u in User.objects.filter(email__endswith=".example")}
    staff = {
        "a": (
            users["consulent@swv.example"],
            users["commissie@swv.example"],
            users["ib@school-a.example"],
        ),
        "b": (
            users["consulent2@swv.example"],
            users["commissie@swv.example"],
            users["ib@school-b.example"],
        ),
    }
    with notifications.muted():
        for _key, school_key, aanvraag_type, pupil, days_ago, outcome in DEMO:
            school = schools[school_key]
            submission = _submission(school, staff[school_key][2], aanvraag_type, pupil, days_ago)
            aanvraag = create_aanvraag_from_submission(submission)
            _play(aanvraag, outcome, staff[school_key])
        _werkvoorraad(*staff["a"][:2])
        _bezwaar(staff["b"][2], staff["b"][1])
        top.correctie(schools["b"], staff["b"][1])
    from loket.demo import verzoeken

    verzoeken.run()  # the privacy officer's register: one request overdue
    if stdout:
        stdout.write(
            f"Loket: {len(DEMO)} demo-aanvragen en TOP-budget {year} en {year + 1} aangemaakt."
        )
