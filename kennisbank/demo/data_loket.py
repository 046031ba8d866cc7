"""Demo kennisbank, part 2: the categories about working together and the loket."""

from kennisbank.demo.data import A, L, S, document, let_op, steps, text

# slug, title, intro, articles
CATEGORIES = [
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
