"""Demo kennisbank: four categories and fourteen articles written from the seeds.

Fictional organisation and people only. Idempotent: existing pages (found by
slug) are left alone, so a second run creates nothing.
"""

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

from content.choices import Audience
from content.demo import publish_child
from content.handleidingen import HandleidingIndexPage, HandleidingPage
from content.models import HomePage, StandardPage

from .models import (
    KennisbankArticlePage,
    KennisbankCategoryPage,
    KennisbankIndexPage,
    PromotedArticle,
)
from .workflow import ensure_editorial_workflow

S, L, A = Audience.SCHOOLMODULE, Audience.LOKETMODULE, Audience.IEDEREEN


def text(html):
    return ("text", html)


def steps(items, heading=""):
    return ("steps", {"heading": heading, "steps": [{"title": t, "text": d} for t, d in items]})


def let_op(html, heading="Let op"):
    return ("callout", {"heading": heading, "text": html})


def document(title, label=""):
    return ("document-title", {"title": title, "label": label})


CATEGORIES = [
    (
        "inloggen-en-beveiliging",
        "Inloggen en beveiliging",
        "<p>Inloggen met twee stappen en veilig werken met gegevens van leerlingen.</p>",
        [
            {
                "slug": "tweestapsverificatie-instellen",
                "title": "Tweestapsverificatie instellen",
                "summary": "Beveilig je account met een code uit een authenticator-app.",
                "audience": A,
                "tags": ["inloggen", "beveiliging", "2FA"],
                "body": [
                    text(
                        "<p>Iedereen met een account logt in met twee stappen: je wachtwoord en "
                        "een code uit een authenticator-app op je telefoon. Zo kan niemand met "
                        "alleen je wachtwoord bij de dossiers.</p>"
                    ),
                    steps(
                        [
                            (
                                "Installeer een authenticator-app",
                                "<p>Bijvoorbeeld een app van "
                                "Microsoft of Google, of een andere TOTP-app.</p>",
                            ),
                            ("Log in met je e-mailadres en wachtwoord", ""),
                            (
                                "Scan de QR-code",
                                "<p>Open de app, kies Toevoegen en scan de code op het scherm.</p>",
                            ),
                            ("Vul de code uit de app in en klik op Activeren", ""),
                            (
                                "Bewaar je back-upcodes",
                                "<p>Daarmee log je in als je je telefoon kwijt bent.</p>",
                            ),
                        ],
                        heading="Zo stel je het in",
                    ),
                    let_op(
                        "<p>Nieuwe telefoon? Vraag de helpdesk je tweestapsverificatie te "
                        "resetten; daarna stel je de app opnieuw in.</p>"
                    ),
                    text(
                        "<p>In hetzelfde scherm (Beveiliging) stel je ook een nieuw wachtwoord "
                        "in.</p>"
                    ),
                ],
            },
            {
                "slug": "instemming-openen-met-code",
                "title": "Instemming geven: de code per e-mail",
                "summary": "Ouders en leerlingen openen het plan met een link én een code.",
                "audience": S,
                "tags": ["instemming", "beveiliging", "ouders"],
                "body": [
                    text(
                        "<p>Instemming geven is extra beveiligd met een wisselende code. Nadat "
                        "een ouder of leerling de e-mail met de link heeft geopend, verschijnt "
                        "een melding in de browser.</p>"
                    ),
                    steps(
                        [
                            (
                                "Klik op Verstuur",
                                "<p>Er gaat een code naar hetzelfde e-mailadres.</p>",
                            ),
                            ("Vul de code in de browser in", ""),
                            ("Lees het plan en geef of weiger instemming", ""),
                        ]
                    ),
                    text("<p>Zo deel je een dossier veilig met ouders en leerlingen.</p>"),
                ],
            },
            {
                "slug": "veilig-communiceren",
                "title": "Veilig communiceren met het samenwerkingsverband",
                "summary": "Berichten, bestanden en verslagen deel je via het logboek, "
                "niet via gewone e-mail.",
                "audience": A,
                "tags": ["communicatie", "beveiliging", "logboek"],
                "body": [
                    text(
                        "<h2>Waar deel je wat?</h2><ul>"
                        "<li><b>Logboek – communicatie SWV:</b> berichten aan en verslagen "
                        "voor het samenwerkingsverband.</li>"
                        "<li><b>Logboek – bestanden:</b> bestanden delen met het "
                        "samenwerkingsverband.</li>"
                        "<li><b>Logboek – inzage en instemming:</b> het dossier en verslagen "
                        "delen met leerling en ouders.</li>"
                        "<li><b>Logboek – verslagen:</b> een verslag downloaden en versleuteld "
                        "mailen naar leerling of ouders.</li></ul>"
                    ),
                    let_op(
                        "<p>Zet geen namen of geboortedata van leerlingen in een gewone "
                        "e-mail. Het loket stuurt je alleen een melding; de inhoud lees je na "
                        "inloggen.</p>"
                    ),
                ],
            },
        ],
    ),
    (
        "dossier-beheren",
        "Dossier beheren",
        "<p>Een dossier afronden, overdragen en klaarzetten voor het nieuwe schooljaar.</p>",
        [
            {
                "slug": "dossier-afronden",
                "title": "Een dossier afronden",
                "summary": "Rond het dossier af zodra het samenwerkingsverband niet meer "
                "betrokken is.",
                "audience": S,
                "tags": ["dossier", "afronden", "TLV"],
                "body": [
                    text(
                        "<p>De school is altijd dossierverantwoordelijk. Is het "
                        "samenwerkingsverband niet meer betrokken, dan wordt het dossier "
                        "gearchiveerd. Dat doe je in stap 11, bij de dossierstatus.</p>"
                    ),
                    let_op(
                        "<p>Na een aanvraag voor een toelaatbaarheidsverklaring (TLV) wacht je "
                        "minimaal een werkweek: het samenwerkingsverband heeft het dossier nog "
                        "nodig voor de vervolgstappen.</p>"
                    ),
                    text(
                        "<p>Een afgerond dossier blijft leesbaar. Alleen een afgerond dossier "
                        "kun je overdragen aan een andere school.</p>"
                    ),
                ],
            },
            {
                "slug": "dossier-overdragen",
                "title": "Een dossier overdragen naar een andere school",
                "summary": "Zet een afgerond dossier klaar voor een andere school of een "
                "externe organisatie.",
                "audience": S,
                "tags": ["dossier", "overdracht", "export"],
                "body": [
                    text(
                        "<p>Overdragen kan alleen nadat het dossier is gearchiveerd. Alle "
                        "informatie, bestanden en verslagen gaan mee, behalve de aanpak, de "
                        "evaluatiedatum en de gegeven instemming.</p><p>Je hebt nodig: de "
                        "licentienaam van de ontvangende school (onderin de witte balk) en de "
                        "geboortedatum van de leerling.</p>"
                    ),
                    steps(
                        [
                            ("Archiveer het huidige dossier", ""),
                            (
                                "Kies Instellingen – Import/export – Dossier export",
                                "<p>Kies het "
                                "dossier en vul de licentienaam van de ontvangende school in. "
                                "Laat de ontvanger weten dat er een dossier klaarstaat.</p>",
                            ),
                            (
                                "De ontvanger importeert het dossier",
                                "<p>Via Instellingen – "
                                "Import/export – Dossier import, met de geboortedatum van de "
                                "leerling, het schooljaar en de groep.</p>",
                            ),
                            ("De ontvangende school vult het dossier zo nodig aan", ""),
                        ],
                        heading="Werkwijze",
                    ),
                    document("Instructie CLEO", "Download de uitgebreide handleiding (PDF)"),
                ],
            },
            {
                "slug": "schooljaarovergang",
                "title": "Schooljaarovergang: dossiers overzetten",
                "summary": "Sluit oude dossiers af en zet lopende dossiers over naar het "
                "nieuwe schooljaar.",
                "audience": S,
                "tags": ["schooljaar", "dossier", "groepen"],
                "body": [
                    text(
                        "<p>Rond eerst de dossiers af van leerlingen die niet meer op school "
                        "staan of voor wie het OPP niet meer geldt. Zet daarna de lopende "
                        "dossiers over.</p>"
                    ),
                    steps(
                        [
                            (
                                "Groepen dupliceren",
                                "<p>Instellingen – Groepen – Groepen "
                                "dupliceren. Bron: vorig schooljaar; doel: huidig schooljaar.</p>",
                            ),
                            (
                                "Groepen indelen",
                                "<p>Huidige groep: vorig schooljaar en vorige "
                                "groep, einddatum 31 juli. Selecteer de leerlingen en kies de "
                                "nieuwe groep in het huidige schooljaar.</p>",
                            ),
                            ("Klik twee keer op Opslaan", ""),
                        ]
                    ),
                ],
            },
            {
                "slug": "domeinen-aanpassen",
                "title": "Domeinen aanpassen in het leerlingprofiel",
                "summary": "Voeg domeinen toe of pas de omschrijving aan, en kies welke "
                "groepen ze zien.",
                "audience": S,
                "tags": ["instellingen", "leerlingprofiel"],
                "body": [
                    steps(
                        [
                            (
                                "Open Instellingen – Domeininstellingen",
                                "<p>Met + voeg je een "
                                "domein toe; het komt altijd bij Leergebied overstijgend.</p>",
                            ),
                            ("Pas een omschrijving aan met het potlood", ""),
                            (
                                "Voeg de domeinen toe aan de groepen",
                                "<p>Instellingen – "
                                "Groepen – open een groep – tab Domeinen – bewerken. Kies welke "
                                "domeinen zichtbaar zijn en sla op.</p>",
                            ),
                        ]
                    ),
                    let_op(
                        "<p>Houd de omschrijving in lijn met het oorspronkelijke domein. De "
                        "instellingen gelden alleen voor nieuwe dossiers.</p>"
                    ),
                ],
            },
            {
                "slug": "lege-ondersteuningstoolbox",
                "title": "De ondersteuningstoolbox is leeg",
                "summary": "Het dossier is in het verkeerde ondersteuningsniveau aangemaakt; "
                "zo herstel je dat.",
                "audience": S,
                "tags": ["dossier", "toolbox", "aanvraag"],
                "body": [
                    text(
                        "<p>Alle aanvragen bij het samenwerkingsverband lopen via het niveau "
                        "<b>extra ondersteuning op voorziening</b>. Is de keuzelijst in de "
                        "ondersteuningstoolbox leeg, dan is het dossier op een ander niveau "
                        "aangemaakt.</p>"
                    ),
                    steps(
                        [
                            ("Kies ‘Ik wil deze toolbox overslaan’ en bevestig", ""),
                            ("Open Evalueren en klik op Afronden", ""),
                            (
                                "Kies bij Dossierstatus ‘Aanpassen naar extra ondersteuning op "
                                "voorziening’",
                                "<p>Selecteer de bestanden en verslagen die mee "
                                "moeten. Het oude dossier wordt gearchiveerd en er komt een nieuw, "
                                "gevuld dossier.</p>",
                            ),
                            ("Rond de onderdelen af en registreer de instemming", ""),
                            ("Deel het dossier en dien de aanvraag in", ""),
                        ],
                        heading="Herstellen",
                    ),
                ],
            },
        ],
    ),
    (
        "samenwerken-en-instemming",
        "Samenwerken en instemming",
        "<p>Ouders, leerlingen en externe betrokkenen bij het dossier betrekken.</p>",
        [
            {
                "slug": "instemming-registreren",
                "title": "Instemming op het plan registreren",
                "summary": "Leg vast of en hoe ouders of de leerling hebben ingestemd.",
                "audience": S,
                "tags": ["instemming", "ouders", "OPP"],
                "body": [
                    text(
                        "<p>De school moet de instemming op het OPP kunnen aantonen. Bij het "
                        "afronden van het ontwikkelplan kies je een van drie manieren.</p>"
                    ),
                    text(
                        "<ul><li><b>Instemming op plan:</b> er gaat een e-mail met een link "
                        "naar wie moet instemmen. Geef een einddatum en een onderwerp mee.</li>"
                        "<li><b>Anders (buiten het portaal):</b> vul de datum in en licht toe "
                        "hoe de instemming is verkregen.</li><li><b>Geen instemming:</b> kies "
                        "Nee en geef de reden.</li></ul>"
                    ),
                    let_op(
                        "<p>Leerlingen van 16 jaar en ouder geven zelf instemming. Alles komt "
                        "in het logboek.</p>"
                    ),
                ],
            },
            {
                "slug": "externe-toegang",
                "title": "Een externe betrokkene toegang geven",
                "summary": "Geef bijvoorbeeld een medewerker van CLEO inzage in één dossier, "
                "en trek die weer in.",
                "audience": A,
                "tags": ["externe", "inzage", "CLEO"],
                "body": [
                    steps(
                        [
                            ("Open het dossier en kies Inzage geven", ""),
                            ("Kies de organisatie of persoon en een einddatum", ""),
                            (
                                "Trek de inzage in zodra die niet meer nodig is",
                                "<p>Na de einddatum vervalt de inzage vanzelf.</p>",
                            ),
                        ]
                    ),
                    text(
                        "<p>Een externe betrokkene ziet alleen de dossiers waarvoor inzage is "
                        "gegeven, en kan niets wijzigen.</p>"
                    ),
                    document("Instructie CLEO", "Handleiding samenwerken met CLEO (PDF)"),
                ],
            },
        ],
    ),
    (
        "aanvragen-en-ondersteuning",
        "Aanvragen en ondersteuning",
        "<p>Van startgesprek tot toelaatbaarheidsverklaring.</p>",
        [
            {
                "slug": "startgesprek-aanvragen",
                "title": "Een startgesprek aanvragen",
                "summary": "Zorg dat het dossier compleet is, zodat iedereen met dezelfde "
                "informatie aan tafel zit.",
                "audience": L,
                "tags": ["startgesprek", "aanvraag", "HGW"],
                "body": [
                    text(
                        "<p>Voor een goed startgesprek is het dossier zo compleet mogelijk. "
                        "Wie een startgesprek aanvraagt, heeft het onderdeel WAARNEMEN in kaart "
                        "gebracht. Het samenwerkingsverband sluit aan op het handelingsgericht "
                        "werken van de school: de school werkt planmatig en betrekt ouders en "
                        "kind op tijd.</p><p>Het planmatig handelen voeg je als PDF toe aan het "
                        "logboek, ook als je in de lichte ondersteuning hebt gewerkt.</p>"
                    ),
                    document("Instructie OPP Light", "Instructie lichte ondersteuning (PDF)"),
                ],
            },
            {
                "slug": "fase-plannen",
                "title": "Werken aan het OPP: de fase PLANNEN",
                "summary": "Van ontwikkeldoelen naar uitstroomperspectief en tussendoelen.",
                "audience": S,
                "tags": ["OPP", "HGW", "plannen"],
                "body": [
                    text(
                        "<p>In de fase PLANNEN bepaal je vanuit het integratieve beeld en de "
                        "ontwikkeldoelen het perspectief, en kom je tot kleine, haalbare "
                        "tussendoelen voor leerling, leerkracht en ouders.</p>"
                    ),
                    steps(
                        [
                            (
                                "Ontwikkeldoelen (stap 5)",
                                "<p>Cruciale, uitdagende doelen voor de lange termijn.</p>",
                            ),
                            (
                                "Verwacht uitstroomperspectief (stap 7)",
                                "<p>Weeg samen met "
                                "ouders de bevorderende en belemmerende factoren.</p>",
                            ),
                            (
                                "Tussendoelen (stap 8)",
                                "<p>Voor het gebied waarop de extra ondersteuning zich richt.</p>",
                            ),
                        ]
                    ),
                    let_op(
                        "<p>Het gebied van het tussendoel moet in stap 4 zijn aangevinkt. "
                        "Plan de evaluatiedatum minstens een week voor het evaluatiegesprek; "
                        "evalueer het OPP minimaal één keer per jaar.</p>",
                        heading="LET OP",
                    ),
                ],
            },
            {
                "slug": "vso-categorieen",
                "title": "Toelichting VSO-categorieën",
                "summary": "Kies categorie 1, tenzij er een onderbouwde uitzondering is.",
                "audience": L,
                "tags": ["TLV", "VSO", "categorie"],
                "body": [
                    text(
                        "<p>Kies altijd <b>categorie 1 (laag)</b>, tenzij er sprake is van een "
                        "uitzondering. Extra ondersteuningsmiddelen boven categorie 1 zijn "
                        "uitzonderlijk en moeten worden onderbouwd.</p><ul>"
                        "<li><b>Categorie 2 (midden):</b> de leerling heeft structureel "
                        "intensieve begeleiding nodig om tot zelfsturing te komen. De school "
                        "beschrijft welke ondersteuning zij zelf biedt, wat andere partijen "
                        "betalen en waarvoor de aanvulling nodig is.</li>"
                        "<li><b>Categorie 3 (hoog):</b> voor leerlingen met een ernstige "
                        "meervoudige beperking (EMB), die naast onderwijs ook extra zorg "
                        "nodig hebben.</li></ul>"
                    ),
                    document("Instructie TLV", "Instructie TLV aanvragen (PDF)"),
                ],
            },
            {
                "slug": "instructies-en-stroomschemas",
                "title": "Instructies en stroomschema's",
                "summary": "Alle instructies en stroomschema's op één plek.",
                "audience": A,
                "tags": ["handleiding", "stroomschema"],
                "body": [
                    text(
                        "<p>De instructies en stroomschema's voor lichte ondersteuning, het "
                        "interventieteam, CLEO en de TLV staan bij de "
                        '<a href="/handleidingen/">handleidingen</a>.</p>'
                    ),
                    document("Stroomschema OPP Light"),
                    document("Stroomschema HIT"),
                    document("Stroomschema TLV"),
                ],
            },
        ],
    ),
]

PROMOTED = ["tweestapsverificatie-instellen", "dossier-afronden", "instemming-registreren"]
SEARCH_PICKS = {"wachtwoord": "tweestapsverificatie-instellen", "archief": "dossier-afronden"}


def _resolve_documents(body):
    """Replace ``document-title`` placeholders by document blocks with the document's id."""
    Document = get_document_model()
    resolved = []
    for block_type, value in body:
        if block_type == "document-title":
            doc = Document.objects.filter(title=value["title"]).first()
            if doc is None:
                continue
            resolved.append(("document", {"document": doc, "label": value["label"]}))
        else:
            resolved.append((block_type, value))
    return resolved


@transaction.atomic
def run(stdout=None):
    home = HomePage.objects.get()
    index = KennisbankIndexPage.objects.first()
    if index is None:
        index = publish_child(
            home,
            KennisbankIndexPage(
                title="Kennisbank",
                slug="kennisbank",
                intro="<p>Antwoorden op veelgestelde vragen over het portaal, het dossier en "
                "het loket.</p>",
            ),
        )
    articles = {}
    for slug, title, intro, specs in CATEGORIES:
        category = KennisbankCategoryPage.objects.child_of(index).filter(slug=slug).first()
        if category is None:
            category = publish_child(
                index, KennisbankCategoryPage(title=title, slug=slug, intro=intro)
            )
        for spec in specs:
            article = KennisbankArticlePage.objects.child_of(category).filter(slug=spec["slug"])
            article = article.first()
            if article is None:
                article = KennisbankArticlePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    audience=spec["audience"],
                    body=_resolve_documents(spec["body"]),
                )
                article.tags.add(*spec["tags"])
                article = publish_child(category, article)
            articles[spec["slug"]] = article

    if not index.promoted_articles.exists():
        for position, slug in enumerate(PROMOTED):
            PromotedArticle.objects.create(page=index, article=articles[slug], sort_order=position)
    for query_string, slug in SEARCH_PICKS.items():
        query = Query.get(query_string)
        SearchPromotion.objects.get_or_create(
            query=query, page=articles[slug], defaults={"sort_order": 0}
        )
    ensure_editorial_workflow(index, HandleidingIndexPage.objects.first())
    # Index now: in development the index tasks wait for a worker, and search should
    # work right after `manage.py demo`. Re-indexing an indexed page changes nothing.
    backend = get_search_backend()
    for model in (KennisbankArticlePage, HandleidingPage, StandardPage):
        backend.add_bulk(model, list(model.objects.live()))
    if stdout:
        stdout.write(f"Kennisbank: {len(articles)} artikelen in {len(CATEGORIES)} categorieën.")
    return {"index": index, "articles": articles}
