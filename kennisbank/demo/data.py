"""Demo kennisbank, part 1: the block helpers and the categories about the portal and the dossier.

Written from the seeds; fictional organisation and people only. The builder is
``kennisbank.demo.seed``; part 2 is ``kennisbank.demo.data_loket``.
"""

from content.choices import Audience

S, L, A = Audience.SCHOOLMODULE, Audience.LOKETMODULE, Audience.IEDEREEN


def text(html):
    return ("text", html)


def steps(items, heading=""):
    return ("steps", {"heading": heading, "steps": [{"title": t, "text": d} for t, d in items]})


def let_op(html, heading="Let op"):
    return ("callout", {"heading": heading, "text": html})


def document(title, label=""):
    return ("document-title", {"title": title, "label": label})


# slug, title, intro, articles
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
                        "gearchiveerd. Dat doe je in Mijn loket: open het dossier en kies "
                        "Dossier archiveren. Zolang er een aanvraag loopt, kan dat nog niet.</p>"
                    ),
                    let_op(
                        "<p>Na een aanvraag voor een toelaatbaarheidsverklaring (TLV) wacht je "
                        "minimaal een werkweek (vijf werkdagen; weekend en feestdagen tellen "
                        "niet mee): het samenwerkingsverband heeft het dossier nog nodig voor "
                        "de vervolgstappen. Het dossier toont vanaf wanneer het kan.</p>"
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
                                "Kies Klaarzetten voor overdracht in het dossier",
                                "<p>Vul de "
                                "licentienaam of BRIN-code van de ontvangende school in, en "
                                "wanneer en hoe de ouders toestemming gaven voor de overdracht. "
                                "Laat de ontvanger weten dat er een dossier klaarstaat.</p>",
                            ),
                            (
                                "De ontvanger importeert het dossier",
                                "<p>In Mijn loket, "
                                "onder Klaargezette dossiers, met de geboortedatum van de "
                                "leerling, het schooljaar en de groep. Na vijf keer een foute "
                                "geboortedatum vervalt de overdracht.</p>",
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
]

# category slug -> sections: slug, title, intro, slugs of the articles in it. Articles of
# the category that no section names stay directly in the category.
SECTIONS = {
    "dossier-beheren": [
        (
            "afronden-en-overdragen",
            "Afronden en overdragen",
            "<p>Als het samenwerkingsverband niet meer betrokken is, of de leerling verhuist.</p>",
            ["dossier-afronden", "dossier-overdragen"],
        ),
        (
            "nieuw-schooljaar",
            "Nieuw schooljaar",
            "<p>Het dossier klaarzetten voor het nieuwe schooljaar.</p>",
            ["schooljaarovergang", "domeinen-aanpassen"],
        ),
    ],
}
