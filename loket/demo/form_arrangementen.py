"""The steps of the demo forms for the other aanvraag types (see ``loket.demo.forms``).

After the seeds (nieuwsbrief TOP dossier, kader TOP-arrangementen): school-,
groeps- and individuele arrangementen put the OPP and the doelmatige inzet of
means (with evaluation) first; a TLV-verlenging is for (V)SO and external
schools; an OZA-aanvraag is for the grijs gebied between onderwijs and zorg,
made with the OZA-formulier the school fills in with the wijkteam or SMW
(its steps are in ``loket.demo.form_oza``).

Each form gives the fields the loket reads a role (``loket.lifecycle.form_setup``):
leerling, startdatum, einddatum, evaluatiedatum, uren, uurtarief,
totaalbedrag, aanpak, gegeven_instemming, niet_overdragen.
"""

from decimal import Decimal

from forms import definition as d
from forms.build import calc, cond, fld, info, step
from loket.demo.form_steps import PDF_WORD, hours_and_rate, long_date
from loket.lifecycle.form_fields import LEERLING

CATEGORIEEN = "Categorie 1 (laag)\nCategorie 2 (midden)\nCategorie 3 (hoog)"
HOGER = "Categorie 2 (midden)\nCategorie 3 (hoog)"


def file_field(name, label, required=True, help_text="", **options):
    options.setdefault("allowed_types", PDF_WORD)
    options.setdefault("max_size_mb", 20)
    options.setdefault("max_files", 1)
    return fld(d.FILE, name, label, required=required, help_text=help_text, **options)


def contact_field():
    return fld(
        d.SHORT_TEXT,
        "contactpersoon",
        "Naam contactpersoon van de school",
        max_length=200,
        role="niet_overdragen",
    )


def evaluatie_field():
    return fld(
        d.LONG_TEXT,
        "evaluatie",
        "Hoe en wanneer evalueer je of de inzet doelmatig is?",
        max_length=5000,
    )


def aanpak_field():
    """The plan of approach; its role ``aanpak`` is what the loket reads (field roles)."""
    return fld(
        d.LONG_TEXT,
        "aanpak",
        "Plan van aanpak: wat ga je doen, wie voert het uit?",
        max_length=5000,
        role="aanpak",
    )


def schema_field():
    """The seed's “schema onderbouwing arrangementen”, asked by the arrangement forms."""
    return file_field(
        "onderbouwingsschema",
        "Ingevuld schema ‘onderbouwing arrangementen’",
        allowed_types=["pdf", "xlsx", "docx", "ods", "odt"],
    )


def period_fields(start_min=None, start_label="Gewenste startdatum"):
    help_text = f"Op of na {long_date(start_min)}." if start_min else ""
    return [
        fld(d.DATE, "startdatum", start_label, help_text=help_text, role="startdatum"),
        fld(d.DATE, "einddatum", "Geplande einddatum", role="einddatum"),
    ]


def _begroting(start_min):
    """Period and costs: hours × hourly rate (at most € 80, as for every arrangement)."""
    return step(
        "Begroting",
        period_fields(start_min)
        + [
            *hours_and_rate("Het uurtarief is maximaal € 80,00 per uur."),
            calc(
                "totaal",
                "Totale kosten (uren × uurtarief)",
                d.PRODUCT,
                "uren, uurtarief",
                role="totaalbedrag",
            ),
            fld(
                d.DECLARATION,
                "bestuur_akkoord",
                "Het schoolbestuur stemt in met deze aanvraag.",
                role="gegeven_instemming",
            ),
        ],
        help_text="De middelen worden doelmatig ingezet; de evaluatie telt mee bij een "
        "volgende aanvraag.",
    )


def tlv_verlenging_steps():
    return [
        step(
            "Leerling en huidige TLV",
            [
                info(
                    "<p>Een verlenging van de TLV vraag je aan als (V)SO-school of als school "
                    "buiten het samenwerkingsverband, voordat de huidige TLV afloopt.</p>"
                ),
                fld(LEERLING, "leerling", "Leerling", role="leerling"),
                fld(
                    d.CHOICE,
                    "soort_school",
                    "Soort school",
                    choices="(V)SO-school\nExterne school (buiten het samenwerkingsverband)",
                    widget="radio",
                ),
                fld(
                    d.CHOICE,
                    "huidige_categorie",
                    "Categorie van de huidige TLV",
                    choices=CATEGORIEEN,
                    widget="radio",
                ),
                fld(d.DATE, "huidige_einddatum", "Einddatum van de huidige TLV"),
                contact_field(),
            ],
        ),
        step(
            "Verlenging",
            [
                fld(
                    d.CHOICE,
                    "categorie",
                    "Gevraagde categorie",
                    choices=CATEGORIEEN,
                    widget="radio",
                ),
                fld(
                    d.LONG_TEXT,
                    "onderbouwing_categorie",
                    "Onderbouwing van de hogere categorie",
                    help_text="Waarom is categorie 2 of 3 nodig?",
                    condition=cond("categorie", d.ONE_OF, HOGER),
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "reden",
                    "Waarom is verlenging nodig? Wat laat de evaluatie van het OPP zien?",
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "terugplaatsing",
                    "Is terugplaatsing naar het regulier onderwijs overwogen? Waarom (nog) niet?",
                    max_length=5000,
                ),
            ]
            + period_fields(start_label="Ingangsdatum van de verlenging"),
        ),
        step(
            "Bijlagen",
            [
                file_field("opp", "OPP (groeidocument) met de laatste evaluatie"),
                file_field(
                    "verslag_mdo", "Verslag van het multidisciplinair overleg", required=False
                ),
                fld(
                    d.DECLARATION,
                    "ouders_geinformeerd",
                    "De ouders zijn geïnformeerd over deze aanvraag en gehoord.",
                    role="gegeven_instemming",
                ),
            ],
        ),
    ]


def schoolarrangement_steps(start_min):
    return [
        step(
            "Het arrangement",
            [
                info(
                    "<p>Een schoolarrangement is ondersteuning voor de school als geheel, "
                    "zonder aanvraag per leerling.</p>"
                ),
                fld(d.SHORT_TEXT, "titel", "Naam van het arrangement", max_length=200),
                fld(
                    d.LONG_TEXT,
                    "behoefte",
                    "Welke ondersteuningsbehoefte op schoolniveau pakt het arrangement aan?",
                    max_length=5000,
                ),
                aanpak_field(),
                fld(
                    d.NUMBER,
                    "aantal_leerlingen",
                    "Voor hoeveel leerlingen ongeveer?",
                    decimal_places=0,
                    min_value=Decimal("1"),
                ),
                evaluatie_field(),
                contact_field(),
            ],
        ),
        _begroting(start_min),
        step(
            "Bijlagen",
            [
                file_field("plan_van_aanpak", "Plan van aanpak"),
                schema_field(),
            ],
        ),
    ]


def groepsarrangement_steps(start_min):
    return [
        step(
            "De groep",
            [
                fld(d.SHORT_TEXT, "groep", "Om welke groep of groepen gaat het?", max_length=100),
                fld(
                    d.NUMBER,
                    "aantal_leerlingen",
                    "Aantal leerlingen in de groep",
                    decimal_places=0,
                    min_value=Decimal("1"),
                ),
                fld(
                    d.LONG_TEXT,
                    "behoeften",
                    "Wat zijn de onderwijs- en ondersteuningsbehoeften van de groep?",
                    max_length=5000,
                ),
                aanpak_field(),
                fld(
                    d.LONG_TEXT,
                    "leerkracht",
                    "Hoe wordt het handelingsrepertoire van de leerkracht uitgebreid?",
                    max_length=5000,
                ),
                evaluatie_field(),
                contact_field(),
            ],
        ),
        _begroting(start_min),
        step(
            "Bijlagen",
            [
                file_field("groepsplan", "Groepsplan of groepsoverzicht"),
                schema_field(),
            ],
        ),
    ]


def individueel_steps(start_min):
    return [
        step(
            "Leerling",
            [
                info(
                    "<p>Bij een individueel arrangement staat het ontwikkelingsperspectief "
                    "(OPP) centraal.</p>"
                ),
                fld(LEERLING, "leerling", "Leerling", role="leerling"),
                contact_field(),
            ],
        ),
        step(
            "Ondersteuning",
            [
                fld(
                    d.LONG_TEXT,
                    "behoeften",
                    "Wat heeft de leerling nodig (uit het OPP)?",
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "doelen",
                    "Welke doelen uit het OPP wil je bereiken?",
                    max_length=5000,
                ),
                aanpak_field(),
                fld(
                    d.DATE, "evaluatiedatum", "Datum van de eerste evaluatie", role="evaluatiedatum"
                ),
            ],
        ),
        _begroting(start_min),
        step(
            "Bijlagen",
            [
                file_field("opp", "OPP (groeidocument) met de laatste evaluatie"),
                file_field(
                    "aanvullend",
                    "Aanvullende documenten (bijvoorbeeld een onderzoeksverslag)",
                    required=False,
                    max_files=3,
                ),
            ],
        ),
    ]
