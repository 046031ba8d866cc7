"""The steps of the loket's demo forms (see ``loket.demo.forms``).

1. "TOP-arrangement aanvragen" after the Kader TOP-arrangementen 2025 (seed), with
   the field roles the loket reads (totaalbedrag, bestuursdeel, startdatum, ...)
   and the markers the dossier transfer uses (aanpak, evaluatiedatum,
   gegeven_instemming, niet_overdragen).
2. "Aanvraag TLV": category 1/2/3 (2 and 3 need a justification), and the hoorrecht
   of pupil and parents (required: when, how, their view if they wish).
3. "Besluit loket- of schoolmodule doorgeven": one choice.
"""

from decimal import Decimal

from django.utils import formats

from forms import definition as d
from forms.build import calc, cond, fld, info, step
from loket.lifecycle.form_fields import LEERLING
from loket.lifecycle.hoorrecht import HOORRECHT

TOP_MAXIMUM = Decimal("25000.00")  # fictional cost of an SO/SBO placement; editable per form


def long_date(value):
    return formats.date_format(value, "j F Y")


PDF_WORD = ["pdf", "docx", "doc", "odt"]

WETTEN = [
    "Wet passend onderwijs",
    "Grijs gebied (gemeente en SWV)",
    "Jeugdwet",
    "Wet langdurige zorg (WLZ)",
    "Zorgverzekeringswet",
]

STAPPEN = [
    (
        "stap1_basisbekostiging",
        "Stap 1: de basisbekostiging van Rijk en bestuur en eventuele subsidies zijn benut.",
    ),
    (
        "stap2_lumpsum",
        "Stap 2: de arrangementsmiddelen uit het lumpsumbudget van het SWV zijn benut.",
    ),
    (
        "stap3_natura",
        "Stap 3: de arrangementen in natura (deskundigen van het SWV) zijn ingezet of overwogen.",
    ),
    ("stap4_hybride", "Stap 4: een hybride arrangement regulier en SO/SBO is overwogen."),
    (
        "stap5_oza",
        "Stap 5: er is met het OZA-formulier en de MIS-K nagegaan wie welke inzet betaalt.",
    ),
]

VRAGEN = [
    ("omgeving", "Hoe wordt de omgeving aangepast aan de leerling?"),
    (
        "perspectief",
        "Wat is het perspectief van de leerling op de school? Kan de leerling na het arrangement "
        "weer zonder ondersteuning deelnemen aan het reguliere basisonderwijs, en kan de leerling "
        "die deelname langdurig voortzetten?",
    ),
    (
        "leerkracht",
        "Wat zijn de ondersteuningsbehoeften van de leerkracht: op welke wijze wordt het "
        "handelingsrepertoire van de leerkracht uitgebreid?",
    ),
    ("samenwerking", "Hoe ziet de interprofessionele samenwerking rondom de leerling eruit?"),
    ("team", "Op welke wijze is het hele team betrokken bij de leerling?"),
    ("medeleerlingen", "Hoe profiteren andere leerlingen mee van het arrangement?"),
    (
        "duurzaam",
        "Tot welke duurzame veranderingen moet het traject leiden (denk aan klassenmanagement, "
        "ondersteuningsstructuur, het vormen van de 'derde ruimte') en op welke wijze wordt de "
        "school inclusiever?",
    ),
]


def hours_and_rate(max_error):
    """Hours and hourly rate (at most € 80), with the roles the loket's money rules read."""
    return [
        fld(
            d.NUMBER,
            "uren",
            "Aantal uren inzet",
            decimal_places=1,
            min_value=Decimal("0.5"),
            role="uren",
        ),
        fld(
            d.AMOUNT,
            "uurtarief",
            "Uurtarief van de uitvoerder",
            help_text="Maximaal € 80,00 per uur.",
            max_value=Decimal("80"),
            max_error=max_error,
            role="uurtarief",
        ),
    ]


def top_steps():
    return [
        step(
            "Leerling en school",
            [
                info(
                    "<p>Een TOP-arrangement is de laatste stap in het stappenplan. De aanvraag "
                    "wordt gedaan door de intern begeleider; de school is gekozen bij het "
                    "begin.</p>"
                ),
                fld(LEERLING, "leerling", "Leerling", role="leerling"),
                fld(
                    d.SHORT_TEXT,
                    "contactpersoon",
                    "Naam contactpersoon van de school",
                    max_length=200,
                    role="niet_overdragen",
                ),
                fld(
                    d.CHOICE,
                    "functie",
                    "Functie van de contactpersoon",
                    choices="Intern begeleider\nOndersteuningscoördinator\nDirecteur",
                    widget="radio",
                ),
                fld(d.EMAIL, "contact_email", "E-mailadres contactpersoon", role="niet_overdragen"),
            ],
        ),
        step(
            "Stappenplan",
            [fld(d.DECLARATION, name, label) for name, label in STAPPEN]
            + [
                fld(
                    d.CHOICE,
                    "wettelijk_kader",
                    "Onder welke wet valt de inzet volgens de MIS-K?",
                    choices="\n".join(WETTEN),
                    widget="radio",
                    refuse="\n".join(WETTEN[2:]),
                    refuse_error=(
                        "Valt de inzet onder de Jeugdwet, de WLZ of de Zorgverzekeringswet, dan "
                        "wordt die via die wet geregeld. Een TOP-arrangement is dan niet mogelijk."
                    ),
                ),
            ],
            help_text=(
                "Een TOP-arrangement kan alleen als alle andere ondersteuningsmogelijkheden "
                "zijn benut."
            ),
        ),
        step(
            "Onderbouwing",
            [fld(d.LONG_TEXT, name, label, max_length=5000) for name, label in VRAGEN],
            help_text="Beantwoord de zeven vragen uit het kader TOP-arrangementen.",
        ),
        step(
            "Begroting",
            [
                fld(d.DATE, "startdatum", "Gewenste startdatum", role="startdatum"),
                fld(
                    d.DATE,
                    "einddatum",
                    "Geplande einddatum",
                    required=False,
                    help_text="Het tijdpad uit het OZA-formulier.",
                    role="einddatum",
                ),
                fld(
                    d.DATE,
                    "evaluatiedatum",
                    "Datum van de eerste evaluatie",
                    required=False,
                    help_text="Het eerste evaluatiemoment uit het OZA-formulier.",
                    role="evaluatiedatum",
                ),
                *hours_and_rate(
                    "Het uurtarief is maximaal € 80,00 per uur (kader TOP-arrangementen)."
                ),
                calc(
                    "totaal",
                    "Totale kosten (uren × uurtarief)",
                    d.PRODUCT,
                    "uren, uurtarief",
                    maximum=TOP_MAXIMUM,
                    max_error=(
                        "Het totaal is hoger dan het maximum voor een TOP-arrangement "
                        "(gelijk aan een plaatsing SO/SBO: € 25.000,00)."
                    ),
                    role="totaalbedrag",
                ),
                calc(
                    "aandeel_bestuur",
                    "Aandeel schoolbestuur (50 %)",
                    d.PERCENTAGE,
                    "totaal",
                    percentage=50,
                    role="bestuursdeel",
                ),
                calc(
                    "aandeel_swv",
                    "Aandeel samenwerkingsverband (50 %)",
                    d.PERCENTAGE,
                    "totaal",
                    percentage=50,
                ),
                # The bestuur confirms its 50 % by signing in the portal (issue 26), not
                # through this box: the IB'er only says the bestuur knows it is asked.
                fld(
                    d.DECLARATION,
                    "bestuur_akkoord",
                    "Het schoolbestuur weet van deze aanvraag. Het bevestigt de "
                    "co-financiering van 50 % zelf, met zijn handtekening in het portaal.",
                    role="niet_overdragen",
                ),
                fld(
                    d.EMAIL,
                    "orthopedagoog_email",
                    "E-mailadres van de orthopedagoog",
                    help_text="De orthopedagoog krijgt een link om de aanvraag mede te "
                    "ondertekenen.",
                ),
                fld(
                    d.EMAIL,
                    "bestuur_email",
                    "E-mailadres van het schoolbestuur",
                    help_text="Het bestuur ondertekent mee en bevestigt zo de co-financiering "
                    "van 50 %.",
                ),
            ],
        ),
        step(
            "Bijlagen",
            [
                fld(
                    d.FILE,
                    "opp",
                    "OPP en halfjaarlijkse evaluatie van het OPP",
                    allowed_types=PDF_WORD,
                    max_size_mb=20,
                    max_files=2,
                ),
                fld(
                    d.FILE,
                    "oza_formulier",
                    "OZA-formulier",
                    help_text=(
                        "Met plan van aanpak, beschrijving van inzet en kosten, tijdpad en "
                        "evaluatiemomenten."
                    ),
                    role="aanpak",
                    allowed_types=PDF_WORD,
                    max_size_mb=20,
                    max_files=1,
                ),
                # No scan of the orthopedagoog's signature: they co-sign by link (issue 26).
                fld(
                    d.FILE,
                    "onderbouwingsschema",
                    "Ingevuld schema ‘onderbouwing arrangementen’",
                    allowed_types=["pdf", "xlsx", "docx", "ods", "odt"],
                    max_size_mb=10,
                    max_files=1,
                ),
            ],
        ),
    ]


def tlv_steps(start_min):
    return [
        step(
            "Leerling",
            [
                fld(LEERLING, "leerling", "Leerling", role="leerling"),
                fld(
                    d.DATE,
                    "startdatum",
                    "Gewenste startdatum van de plaatsing",
                    help_text=f"Op of na {long_date(start_min)}.",
                    role="startdatum",
                ),
            ],
        ),
        step(
            "Categorie",
            [
                fld(
                    d.CHOICE,
                    "categorie",
                    "Gevraagde categorie",
                    choices="Categorie 1 (laag)\nCategorie 2 (midden)\nCategorie 3 (hoog)",
                    widget="radio",
                ),
                fld(
                    d.LONG_TEXT,
                    "onderbouwing_categorie",
                    "Onderbouwing van de hogere categorie",
                    help_text="Waarom is categorie 2 of 3 nodig?",
                    condition=cond(
                        "categorie", d.ONE_OF, "Categorie 2 (midden)\nCategorie 3 (hoog)"
                    ),
                    max_length=5000,
                ),
                fld(
                    d.FILE,
                    "opp",
                    "Ontwikkelingsperspectiefplan (OPP)",
                    allowed_types=PDF_WORD,
                    max_size_mb=20,
                    max_files=1,
                ),
                fld(
                    d.DECLARATION,
                    "ouders_geinformeerd",
                    "Ik verklaar dat de ouders zijn geïnformeerd over deze aanvraag.",
                ),
            ],
        ),
        step(
            "Hoorrecht",
            [
                info(
                    "<p>Leerling en ouders hebben hoorrecht: zij worden gehoord voordat de "
                    "school de TLV aanvraagt. Leg vast wanneer en hoe dat gebeurde, en als "
                    "zij dat willen hun zienswijze in hun eigen woorden.</p>"
                ),
                fld(HOORRECHT, "hoorrecht", "Leerling en ouders gehoord", role=HOORRECHT),
            ],
        ),
    ]


def besluit_steps():
    return [
        step(
            "Je keuze",
            [
                fld(
                    d.CHOICE,
                    "module",
                    "Met welke module werkt je school komend schooljaar?",
                    choices="Loketmodule\nSchoolmodule",
                    widget="radio",
                )
            ],
        )
    ]
