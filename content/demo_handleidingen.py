"""Demo handleidingen and the TOP-arrangementen kader.

Each manual's PDF is generated from its content when it is published
(``content.handleiding_pdf``); the loketmodule manual has the instruction video of
``content/demo_media`` (generated, with Dutch captions and a transcript).

Idempotent: pages are found by slug and documents by title; existing ones are left
alone, so a second run creates nothing and no new revisions.
"""

import datetime
import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Collection

from .choices import Audience
from .demo import publish_child
from .handleidingen import HandleidingIndexPage, HandleidingPage
from .models import HomePage, StandardPage

VERSION_DATE = datetime.date(2026, 6, 1)
MEDIA = Path(__file__).parent / "demo_media"

MANUALS = [
    {
        "slug": "opp-light",
        "title": "Lichte ondersteuning (OPP Light)",
        "summary": "Een ontwikkelingsperspectief op het niveau lichte ondersteuning opstellen.",
        "audience": Audience.SCHOOLMODULE,
        "steps": [
            "Maak een dossier aan op het niveau lichte ondersteuning.",
            "Vul de algemene gegevens en het leerlingprofiel in.",
            "Beschrijf doelen, aanpak en evaluatiedatum.",
            "Voeg het plan als PDF toe aan het logboek.",
        ],
    },
    {
        "slug": "hit",
        "title": "Interventieteam (HIT)",
        "summary": "Ondersteuning van het interventieteam aanvragen en volgen.",
        "audience": Audience.SCHOOLMODULE,
        "steps": [
            "Controleer of het dossier compleet is.",
            "Deel het dossier met het samenwerkingsverband.",
            "Dien de aanvraag voor het interventieteam in.",
        ],
    },
    {
        "slug": "cleo",
        "title": "Samenwerken met CLEO",
        "summary": "Een externe organisatie zoals CLEO inzage geven in één dossier.",
        "audience": Audience.SCHOOLMODULE,
        "steps": [
            "Archiveer het dossier als het om een overdracht gaat.",
            "Geef de externe organisatie inzage in het dossier, met een einddatum.",
            "Trek de inzage in zodra die niet meer nodig is.",
        ],
    },
    {
        "slug": "tlv",
        "title": "Toelaatbaarheidsverklaring (TLV) aanvragen",
        "summary": "Een TLV of een verlenging aanvragen voor speciaal (basis)onderwijs.",
        "audience": Audience.LOKETMODULE,
        "steps": [
            "Kies in het loket de aanvraag TLV of TLV-verlenging.",
            "Kies de categorie; boven categorie 1 geef je een schriftelijke onderbouwing.",
            "Voeg het OPP en de verplichte bijlagen toe en dien de aanvraag in.",
            "Volg de status en lees het besluit in Mijn loket.",
        ],
    },
    {
        "slug": "loketmodule",
        "title": "De loketmodule: aanvragen indienen en volgen",
        "summary": "Inloggen, een aanvraag starten, bijlagen toevoegen en terugkoppeling lezen.",
        "audience": Audience.LOKETMODULE,
        "steps": [
            "Log in met je e-mailadres, wachtwoord en de code uit je authenticator-app.",
            "Start een aanvraag; je kunt tussendoor opslaan en later verdergaan.",
            "Voeg de gevraagde bijlagen toe en dien de aanvraag in.",
            "Je krijgt een e-mail als er iets verandert; de inhoud lees je in het loket.",
        ],
        "video": "loketmodule",
    },
]


def _media_document(name, suffix, title, collection):
    """A document from ``content/demo_media`` (found again by title)."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        data = (MEDIA / f"{name}.{suffix}").read_bytes()
        document = Document(title=title, collection=collection)
        document.file.save(f"{name}.{suffix}", ContentFile(data), save=False)
        document._set_document_file_metadata()
        document.save()
    return document


def _video(spec, collection):
    """``{video_file, captions_file, transcript}`` for a manual with a demo video."""
    name = spec.get("video")
    if not name:
        return {}
    slides = json.loads((MEDIA / "slides.json").read_text(encoding="utf-8"))
    transcript = "".join(f"<p>{escape(slide['spoken'])}</p>" for slide in slides)
    return {
        "video_file": _media_document(name, "webm", f"Instructievideo {spec['title']}", collection),
        "captions_file": _media_document(
            name, "vtt", f"Ondertiteling instructievideo {spec['title']}", collection
        ),
        "transcript": transcript,
    }


def _body(spec):
    return [
        ("text", f"<p>{spec['summary']}</p>"),
        (
            "text",
            "<h2>Voordat je begint</h2><p>Je hebt een account met tweestapsverificatie nodig. "
            "Heb je nog geen account, vraag het dan aan bij de beheerder van het "
            "samenwerkingsverband. Zorg dat de gegevens van de leerling in je "
            "leerlingadministratie kloppen.</p>",
        ),
        (
            "steps",
            {
                "heading": "Zo werkt het",
                "steps": [{"title": step, "text": ""} for step in spec["steps"]],
            },
        ),
        (
            "callout",
            {
                "heading": "Let op",
                "text": "<p>Zet nooit namen van leerlingen in een e-mail; "
                "verwijs naar het dossier in het portaal.</p>",
            },
        ),
        (
            "text",
            "<h2>Hulp nodig?</h2><p>Zoek in de kennisbank of stel je vraag aan de helpdesk "
            "van het samenwerkingsverband. Vermeld geen namen van leerlingen.</p>",
        ),
    ]


@transaction.atomic
def run(stdout=None):
    home = HomePage.objects.get()
    index = HandleidingIndexPage.objects.first()
    if index is None:
        index = publish_child(
            home,
            HandleidingIndexPage(
                title="Handleidingen",
                slug="handleidingen",
                intro="<p>Stap-voor-stapinstructies voor de schoolmodule en het loket, "
                "met een PDF om te downloaden.</p>",
            ),
        )
    collection = Collection.get_first_root_node()
    manuals = {}
    for spec in MANUALS:
        existing = HandleidingPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if existing:
            manuals[spec["slug"]] = existing
            continue
        page = HandleidingPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            audience=spec["audience"],
            version="1.0",
            updated_on=VERSION_DATE,
            **_video(spec, collection),
            body=_body(spec),
        )
        manuals[spec["slug"]] = publish_child(index, page)

    kader = StandardPage.objects.child_of(home).filter(slug="top-arrangementen").first()
    if kader is None:
        kader = publish_child(
            home,
            StandardPage(
                title="Kader TOP-arrangementen 2025",
                slug="top-arrangementen",
                intro=KADER_INTRO,
                body=KADER_BODY,
            ),
        )
    return {"handleidingen": index, "manuals": manuals, "kader": kader}


KADER_INTRO = (
    "<p>Het samenwerkingsverband werkt sinds drie jaar met een budget voor TOP-arrangementen. "
    "Dit kader beschrijft wanneer en hoe een school een TOP-arrangement aanvraagt. Het is "
    "aangescherpt omdat het budget in 2025 werd overschreden. Per kalenderjaar is "
    "<b>€ 200.000</b> beschikbaar voor alle leerlingen in het samenwerkingsverband.</p>"
)

KADER_BODY = """
<h2>Stappenplan bekostiging en vormgeving arrangementen</h2>
<p>Een TOP-arrangement is de laatste stap. Doorloop eerst de stappen hieronder.</p>
<ol>
<li><b>Basisbekostiging vanuit het Rijk en het bestuur, plus subsidies.</b> Het bestuur zet de
basisbekostiging door naar de scholen; subsidies breiden de mogelijkheden uit.</li>
<li><b>Arrangementen via het lumpsumbudget van het SWV.</b> Het SWV betaalt € 216,30 per leerling
aan het schoolbestuur, zonder aanvraag. Een school met honderd leerlingen ontvangt zo € 21.630 per
jaar. Vraag na of jouw bestuur dit bedrag één-op-één doorzet.</li>
<li><b>Arrangementen in natura.</b> Leerkrachten, orthopedagogen, gedragsdeskundigen en andere
deskundigen van het SWV zijn drempelloos beschikbaar.</li>
<li><b>Hybride arrangementen regulier en SO/SBO.</b> De scholen sluiten onderling een
symbiose-overeenkomst met inhoudelijke en financiële afspraken.</li>
<li><b>Onderwijszorgarrangementen (OZA).</b> School en jeugdhulp maken samen een plan en bepalen
met de MIS-K wie wat betaalt. Valt de inzet in het grijze gebied, dan betalen gemeente en SWV
ieder de helft.</li>
<li><b>TOP-arrangement of verwijzing.</b> Zijn alle middelen benut, dan kiezen school en ouders
tussen een aanvraag voor een TOP-arrangement (tijdelijk extra steun in het regulier onderwijs) of
een aanmelding bij de commissie voor een plaatsing in het SO/SBO.</li>
</ol>
<h2>Visie en criteria</h2>
<ul>
<li><b>Inclusie als leidraad:</b> de inzet verbetert de mogelijkheden voor inclusief onderwijs op
de school structureel.</li>
<li><b>Collectieve benadering:</b> de inzet is gericht op deelname van de leerling aan de groep;
de hele groep heeft er profijt van.</li>
<li><b>Gedeelde verantwoordelijkheid:</b> een TOP-arrangement is altijd een cofinanciering van
bestuur en SWV, ieder 50%.</li>
<li><b>Gezamenlijk vertrouwen van het team:</b> het team draagt de verantwoordelijkheid samen; de
leerkracht staat er niet alleen voor.</li>
<li><b>Gerichte inzet:</b> de aanvraag is reëel en goed onderbouwd; de school toont aan dat andere
ondersteuning niet toereikend is.</li>
<li><b>Tijdelijkheid:</b> de aanvraag beschrijft hoe de tijdelijke inzet in het team wordt
geborgd.</li>
<li><b>Verantwoordelijkheden:</b> de orthopedagoog onderschrijft de aanvraag; het bestuur stemt
in en betaalt de helft.</li>
<li><b>Andere financieringsstromen en uitputting van middelen:</b> de school toont met de MIS-K
aan dat de inzet niet onder een andere wet valt en dat de overige middelen op zijn.</li>
</ul>
<h2>Budgetten</h2>
<ul>
<li>Het maximale bedrag is gelijk aan de kosten van een plaatsing in het SO of SBO; het eigen
schoolbestuur betaalt daarvan 50%.</li>
<li>Het uurtarief van de uitvoerder is maximaal € 80 (richtbedrag).</li>
<li>Het SWV kan het aantal TOP-arrangementen per school begrenzen. Aan een aanvraag kunnen geen
rechten worden ontleend: bij overschrijding van het jaarbudget kan het SWV besluiten overige
aanvragen niet te bekostigen.</li>
</ul>
<h2>Aanvragen</h2>
<p>De intern begeleider dient de aanvraag in via het loket, met:</p>
<ul>
<li>het OPP met de halfjaarlijkse evaluatie;</li>
<li>het OZA-formulier (plan van aanpak, inzet en kosten, tijdpad en evaluatiemomenten);</li>
<li>de ondertekening door de orthopedagoog;</li>
<li>het ingevulde schema ‘onderbouwing arrangementen’.</li>
</ul>
<p>In het aanvraagformulier beantwoord je ook deze vragen:</p>
<ol>
<li>Hoe wordt de omgeving aangepast aan de leerling?</li>
<li>Wat is het perspectief van de leerling op de school: kan de leerling na het arrangement
zonder extra ondersteuning deelnemen aan het regulier onderwijs, en dat volhouden?</li>
<li>Wat zijn de ondersteuningsbehoeften van de leerkracht: hoe groeit het handelingsrepertoire?</li>
<li>Hoe ziet de interprofessionele samenwerking rond de leerling eruit?</li>
<li>Hoe is het hele team bij de leerling betrokken?</li>
<li>Hoe profiteren andere leerlingen mee van het arrangement?</li>
<li>Bij de evaluatie: tot welke duurzame veranderingen heeft het traject geleid, en hoe is de
school inclusiever geworden?</li>
</ol>
<h2>Wat valt niet onder een TOP-arrangement?</h2>
<ul>
<li>groepsbrede interventieprogramma's, video-interactiebegeleiding en begeleiding van startende
leerkrachten (verantwoordelijkheid van school en bestuur);</li>
<li>verbetering van groepsdynamiek of klimaat (daarvoor zijn de deskundigen van het SWV);</li>
<li>onderwijs op maat door een ambulante leerkracht (daarvoor zijn de leerkrachten van het
SWV);</li>
<li>plaatsing op het SO/SBO en hybride arrangementen (TLV-budget en symbiose-overeenkomst);</li>
<li>inzet die onder de Jeugdwet, de Wlz of de Zorgverzekeringswet valt;</li>
<li>het opvangen van wegvallende tijdelijke subsidies.</li>
</ul>
<h2>Wat valt wél onder een TOP-arrangement?</h2>
<ul>
<li>ondersteuning in de groep voor leerlingen met een structurele, intensieve
ondersteuningsbehoefte, waarbij thuisnabij onderwijs essentieel is;</li>
<li>re-integratie van een thuiszittende leerling met kortdurende begeleiding in de groep;</li>
<li>tijdelijke intensieve ondersteuning om thuiszitten te voorkomen;</li>
<li>tijdelijke extra ondersteuning in de groep als overbrugging naar een plaatsing in het SO/SBO
(wachtlijst).</li>
</ul>
"""
