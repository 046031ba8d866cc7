"""Demo newsletters: the archive page, the two seed newsletters, three lists, a few subscribers.

The texts follow the seeds (``nieuwsbrieven-top-dossier.txt`` and
``nieuwsbrief-top-dossier-veelgestelde-vragen.txt``); people, phone numbers,
addresses and links are replaced by fictional ones. Idempotent: what exists is
left alone.
"""

import datetime

from django.db import transaction
from django.utils import dateformat, timezone, translation

from ..demo import publish_child
from ..models import HomePage
from .models import NewsletterIndexPage, NewsletterList, NewsletterPage, Subscriber
from .subscriptions import record_imported_consent, request_subscription

LISTS = [
    (
        "Scholen PO",
        "Voor IB'ers, ondersteuningscoördinatoren en directeuren in het primair onderwijs.",
    ),
    ("Scholen VO", "Voor zorgcoördinatoren en teamleiders in het voortgezet onderwijs."),
    ("Professionals", "Voor jeugdhulp, leerplicht en andere samenwerkingspartners."),
]

SUBSCRIBERS = [
    ("ib@school-a.example", "Ilse Bakker", ["Scholen PO"]),
    ("ib@school-b.example", "Bram de Wit", ["Scholen PO"]),
    ("zorg@college-c.example", "Zeynep Aydın", ["Scholen VO"]),
    ("team@jeugdteam.example", "Jeugdteam Waalkant", ["Professionals", "Scholen PO"]),
]
PENDING_SUBSCRIBER = ("nieuw@school-d.example", "", ["Scholen VO"])


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def block(kind, value):
    return {"type": kind, "value": value}


def heading(text, level="h2"):
    return block("heading", {"text": text, "level": level})


def demo_years(today):
    """The year of the recent issue: the last 12 May on or before ``today``.

    The demo's dates follow the day it runs, so its newsletters never read as
    stale: the recent issue (12 May) announces the school year that starts that
    August; the FAQ issue is two years older.
    """
    year = today.year if today >= datetime.date(today.year, 5, 12) else today.year - 1
    return year, year - 2


def dutch_date(day, pattern="j F Y"):
    """``day`` written out in Dutch, e.g. "17 juli 2026" or "donderdag 16 mei" ("l j F")."""
    with translation.override("nl"):
        return dateformat.format(day, pattern)


def third_thursday_of_may(year):
    """The day of the FAQ issue's meeting (16 May in the seed's year, 2024)."""
    first = datetime.date(year, 5, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 14)


def extra_issue(archive, year):
    return {
        "title": "Extra nieuwsbrief TOP dossier",
        "slug": "extra-nieuwsbrief-top-dossier",
        "issue_date": datetime.date(year, 5, 12),
        "intro": "Een nieuwe werkwijze voor het aanvragen van extra ondersteuning, en een "
        "herhaalde oproep: geef vóór 22 mei door of je kiest voor de loket- of de schoolmodule.",
        "body": [
            block(
                "paragraph",
                p(
                    "Er komt een nieuwe werkwijze voor het aanvragen van extra ondersteuning. Het "
                    "doel: een eenvoudiger aanvraagproces, minder administratieve last en meer "
                    "kinderen die geholpen worden. Bij de individuele ondersteuning komt het "
                    "ontwikkelingsperspectief (OPP) centraal te staan. Bij school-, groeps- en "
                    "individuele aanvragen ligt de focus op de doelmatige inzet van middelen, "
                    "waarbij de evaluatie een belangrijke rol speelt."
                ),
            ),
            heading("Ondersteuningsaanvragen"),
            block(
                "paragraph",
                p(
                    "Individuele arrangementen die nu worden aangevraagd, worden betaald uit "
                    "gelden die al bij de school(besturen) liggen en tot de zomervakantie "
                    "beschikbaar zijn. Nieuwe individuele aanvragen kunnen dus tot uiterlijk "
                    f"<b>{dutch_date(datetime.date(year, 7, 17))}</b>.",
                    "Ondersteuning (school-, groeps- of individueel arrangement) voor het "
                    f"schooljaar {year}-{year + 1} vraag je vanaf "
                    f"{dutch_date(datetime.date(year, 6, 1))} aan. Aanvragen kunnen al worden "
                    "ingediend, maar alleen voor ondersteuning die ingaat per "
                    f"{dutch_date(datetime.date(year, 8, 1))}. De budgetten zijn voor alle "
                    "besturen opnieuw vastgesteld.",
                ),
            ),
            heading("Nieuwe route en ondersteuning"),
            block(
                "paragraph",
                p(
                    f"Per {dutch_date(datetime.date(year, 6, 1))} is de nieuwe route voor "
                    "school- en groepsarrangementen beschikbaar. Vanaf dat moment staan er ook "
                    "een handleiding en een instructievideo op onze website.",
                    "Scholen die overstappen naar de loketmodule kunnen na ‘de verhuizing’ in het "
                    "nieuwe schooljaar aanvragen doen via deze route. Ook voor de loketmodule "
                    "verschijnen dan een handleiding en een instructievideo.",
                    "Veel vragen die nu bij het loket binnenkomen, worden beantwoord door het "
                    "kernteamlid of in de kennisbank. Daarom verwijzen we deze vragen voortaan "
                    "naar de kennisbank.",
                ),
            ),
            heading("Verlenging TLV's voor (V)SO en externe scholen", "h3"),
            block(
                "paragraph",
                p(
                    "(V)SO en externe scholen vragen de verlenging van een TLV in het nieuwe "
                    "schooljaar aan via de loketmodule. De handleiding daarvoor verschijnt op "
                    "onze website."
                ),
            ),
            block(
                "oproep",
                {
                    "title": "Herhaalde oproep: besluit doorgeven loket- of schoolmodule",
                    "text": p(
                        "Geef je besluit door als je dat nog niet hebt gedaan. Hieronder lees je "
                        "wat de twee modules inhouden, zodat je kunt kiezen wat het beste bij "
                        "jouw school past."
                    ),
                    "deadline": datetime.date(year, 5, 22).isoformat(),
                    "link_label": "Besluit doorgeven",
                    "link_url": "https://formulieren.swv-waalkant.example/modulekeuze",
                },
            ),
            heading("Overeenkomsten school- en loketmodule"),
            block(
                "paragraph",
                ul(
                    "Een beveiligde manier om een ondersteuningsvraag (TLV of school-, groeps- of "
                    "individueel arrangement) in te dienen bij het samenwerkingsverband.",
                    "Het hoorrecht van leerling en ouder(s)/verzorger(s) is verwerkt.",
                    "Een koppeling voor het veilig overzetten van gegevens uit het "
                    "leerlingvolgsysteem van de school.",
                    "Je vindt in beide modules de terugkoppeling op je aanvragen terug.",
                    "Je kunt in beide modules bijlagen toevoegen.",
                    "Beide modules sturen notificaties.",
                ),
            ),
            heading("Wat houdt de schoolmodule in?", "h3"),
            block(
                "paragraph",
                ul(
                    "De school gebruikt het dossier als OPP en werkt handelingsgericht (HGW) om "
                    "de ondersteuningsbehoeften in beeld te krijgen.",
                    "School en SWV communiceren beveiligd via het dossier.",
                    "Je kunt samenwerken met alle betrokkenen en derden inzage geven.",
                ),
            ),
            heading("Wat houdt de loketmodule in?", "h3"),
            block(
                "paragraph",
                ul(
                    "Voor een aanvraag arrangement of TLV gebruikt de school het eigen OPP (en "
                    "eventueel aanvullende documenten) en voegt dat als bijlage toe.",
                    "De loketmodule is puur een brievenbus: aanvragen indienen en terugkoppeling "
                    "terugvinden. Er is geen berichtenfunctie.",
                )
                + p(
                    "<b>Let op:</b> geef je in de loketmodule derden inzage in het OPP of andere "
                    "documenten? Dan ben je zelf verantwoordelijk voor het veilig versturen."
                ),
            ),
            block(
                "paragraph",
                p(
                    "Kies je voor de schoolmodule, dan verandert er op dit moment niets voor je "
                    "school; de verkorte route binnen de schoolmodule vervalt wel. Kies je voor "
                    "de loketmodule, dan maken we samen een verhuisplan. De verhuizing is in de "
                    "eerste weken na de zomervakantie: lopende dossiers worden gearchiveerd en "
                    "er is een korte periode waarin je geen nieuwe aanvragen kunt doen."
                ),
            ),
            block(
                "page_link",
                {
                    "page": archive.pk,
                    "label": "Alle nieuwsbrieven in het archief",
                    "description": "Eerdere nieuwsbrieven over TOP dossier en het loket.",
                },
            ),
        ],
    }


def faq_issue(archive, year):
    return {
        "title": "Nieuwsbrief TOP dossier: veelgestelde vragen",
        "slug": "nieuwsbrief-top-dossier-veelgestelde-vragen",
        "issue_date": datetime.date(year, 4, 18),
        "intro": "Antwoorden op veelgestelde vragen over het werken met TOP dossier, van "
        "startgesprek tot archiveren.",
        "body": [
            heading("Inleiding"),
            block(
                "paragraph",
                p(
                    "Deze nieuwsbrief beantwoordt veelgestelde vragen, zodat iedereen zo goed "
                    "mogelijk met TOP dossier kan werken. Technische vragen stel je aan de "
                    "helpdesk, inhoudelijke vragen aan de betrokken consulent. Blijf dat vooral "
                    "doen: zo worden we er samen steeds beter in."
                ),
            ),
            heading("Contactgegevens en kennisbank"),
            block(
                "paragraph",
                ul(
                    "Voor de uitgebreide stappen en antwoorden verwijzen we naar de kennisbank.",
                    "Voor technische ondersteuning: de helpdesk, via 012 345 6789 of "
                    '<a href="mailto:helpdesk@swv.example">helpdesk@swv.example</a> (werkdagen '
                    "van 9.00 tot 14.00 uur).",
                    "Voor inhoudelijke vragen: de consulenten van je team.",
                    "Stel je de helpdesk een vraag of gebruikerswens? Zet dan onze "
                    "themaverbinder HGD-HGA in de cc, zodat we antwoorden met andere scholen "
                    "kunnen delen.",
                ),
            ),
            heading("Wijkbijeenkomsten TOP dossier en HGW"),
            block(
                "paragraph",
                p("In maart organiseerden we vijf wijkgerichte bijeenkomsten. De doelen:")
                + ul(
                    "Meer bekendheid met TOP dossier vanuit handelingsgericht werken (HGW).",
                    "Een OPP zo beknopt mogelijk opstellen, en toch volgens de wettelijke eisen.",
                    "Het OPP als middel om de situatie te begrijpen en ondersteuning te "
                    "formuleren.",
                ),
            ),
            block(
                "oproep",
                {
                    "title": "Extra bijeenkomst HGW en TOP dossier",
                    "text": p(
                        "Gemist, of nog een keer bijwonen? IB'ers en KC'ers zijn welkom op "
                        f"{dutch_date(third_thursday_of_may(year), 'l j F')} van 9.00 tot 11.00 "
                        "uur op het kantoor van het SWV."
                    ),
                    "deadline": third_thursday_of_may(year).isoformat(),
                    "link_label": "Aanmelden voor de bijeenkomst",
                    "link_url": "https://formulieren.swv-waalkant.example/bijeenkomst-hgw",
                },
            ),
            heading("Van HGW naar HGD en HGA"),
            heading("Bij het aanvragen van een startgesprek", "h3"),
            block(
                "paragraph",
                p(
                    "Voor een goed startgesprek is het dossier zo compleet mogelijk en hebben "
                    "alle partijen dezelfde informatie. Wie een startgesprek aanvraagt, heeft "
                    "het onderdeel WAARNEMEN in kaart gebracht.",
                    "Het SWV sluit aan op het handelingsgericht werken van de school: de school "
                    "is verantwoordelijk voor het planmatig handelen en betrekt ouders (en kind) "
                    "op tijd. Het planmatig handelen wordt als pdf aan het logboek toegevoegd.",
                ),
            ),
            heading("Het afronden van een dossier (archiveren)"),
            block(
                "paragraph",
                p(
                    "De school is altijd dossierverantwoordelijk. Archiveer een dossier zodra "
                    "het SWV niet meer betrokken hoeft te zijn (stap 11, dossierstatus).",
                    "<b>Let op:</b> wacht na het aanvragen van een TLV voor gespecialiseerd "
                    "onderwijs minimaal een werkweek met archiveren.",
                ),
            ),
            heading("Plannen"),
            block(
                "paragraph",
                p(
                    "Na BEGRIJPEN in de vorige nieuwsbrief gaan we nu in op PLANNEN: vanuit het "
                    "integratieve beeld en de ontwikkeldoelen het perspectief bepalen, en van "
                    "daaruit kleine, haalbare tussendoelen voor leerling, leerkracht en ouders.",
                    "Stap 5 (ontwikkeldoelen), stap 7 (verwacht uitstroomperspectief) en stap 8 "
                    "(tussendoelen) hangen samen. In de aanpak staat wie, hoe, waar, wanneer en "
                    "waarmee de extra ondersteuning geeft, en wie die bekostigt. De "
                    "evaluatiedatum ligt minstens een week vóór het evaluatiegesprek; de school "
                    "evalueert het OPP minstens eens per jaar.",
                ),
            ),
            heading("Dossiers overdragen aan een nieuwe school"),
            block(
                "paragraph",
                p(
                    "Gaat een leerling naar een andere school die ook TOP dossier gebruikt? Dan "
                    "kun je het afgeronde dossier met de bestanden overdragen, met toestemming "
                    "van de ouders. In de kennisbank lees je hoe je een dossier klaarzet en hoe "
                    "de nieuwe school het importeert."
                ),
            ),
            block(
                "page_link",
                {
                    "page": archive.pk,
                    "label": "Meer nieuwsbrieven",
                    "description": "In de volgende nieuwsbrief: de fase REALISEREN.",
                },
            ),
        ],
    }


def _archive(home):
    archive = NewsletterIndexPage.objects.first()
    if archive is None:
        archive = publish_child(
            home,
            NewsletterIndexPage(
                title="Nieuwsbrieven",
                slug="nieuwsbrieven",
                intro="<p>Alle nieuwsbrieven van het samenwerkingsverband. Meld je aan om ze "
                "voortaan in je mailbox te krijgen.</p>",
            ),
        )
    return archive


def _issue(archive, data):
    existing = NewsletterPage.objects.child_of(archive).filter(slug=data["slug"]).first()
    if existing:
        return existing
    return publish_child(archive, NewsletterPage(**data))


@transaction.atomic
def run(stdout=None):
    home = HomePage.objects.get()
    archive = _archive(home)
    recent_year, faq_year = demo_years(timezone.localdate())
    issues = [
        _issue(archive, extra_issue(archive, recent_year)),
        _issue(archive, faq_issue(archive, faq_year)),
    ]
    lists = {}
    for order, (name, description) in enumerate(LISTS):
        lists[name], _ = NewsletterList.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )
    for email, name, names in SUBSCRIBERS:
        if Subscriber.objects.filter(email=email).exists():
            continue
        subscriber, _ = request_subscription(email, [lists[n] for n in names], name=name)
        record_imported_consent(
            subscriber, [lists[n] for n in names], "Demogegevens (fictief).", user=None
        )
    email, name, names = PENDING_SUBSCRIBER
    if not Subscriber.objects.filter(email=email).exists():
        request_subscription(email, [lists[n] for n in names], name=name)
    if stdout:
        stdout.write(f"Nieuwsbrieven: {len(issues)} nummers, {len(lists)} lijsten.")
    return {"archive": archive, "issues": issues, "lists": lists}
