"""Demo loket forms, built from the same StreamField data a formulierbeheerder makes.

1. "TOP-arrangement aanvragen" after the Kader TOP-arrangementen 2025 (seed).
2. "Aanvraag TLV": category 1/2/3 (2 and 3 need a justification), start >= 1 August 2026.
3. "Besluit loket- of schoolmodule doorgeven": one choice, closed since
   1 July 2026 00:00 (Europe/Amsterdam), so the closed state is visible.

Idempotent: an existing form page (by slug) is left as an editor may have changed it.
"""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from content.models import HomePage

from . import definition as d
from .models import LoketFormIndexPage, LoketFormPage
from .types import AanvraagType

TOP_MAXIMUM = Decimal("25000.00")  # fictional cost of an SO/SBO placement; editable per form
BESLUIT_CLOSED_AT = datetime.datetime(2026, 7, 1, 0, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
TLV_START_MIN = datetime.date(2026, 8, 1)


def cond(field, operator=d.EQUALS, value=""):
    return {"field": field, "operator": operator, "value": value}


def fld(block_type, name, label, required=True, help_text="", condition=None, **options):
    value = {
        "name": name,
        "label": label,
        "help_text": help_text,
        "required": required,
        "condition": condition or cond(""),
        **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in options.items()},
    }
    return {"type": block_type, "value": value}


def info(html, condition=None):
    return {"type": d.INFO, "value": {"text": html, "condition": condition or cond("")}}


def calc(name, label, operation, operands, percentage=None, maximum=None, max_error="", **kw):
    value = {
        "name": name,
        "label": label,
        "help_text": kw.get("help_text", ""),
        "operation": operation,
        "operands": operands,
        "percentage": str(percentage) if percentage is not None else None,
        "is_amount": kw.get("is_amount", True),
        "max_value": str(maximum) if maximum is not None else None,
        "max_error": max_error,
        "condition": cond(""),
    }
    return {"type": d.CALCULATED, "value": value}


def step(title, fields, help_text="", condition=None):
    return {
        "type": "step",
        "value": {
            "title": title,
            "help_text": help_text,
            "condition": condition or cond(""),
            "fields": fields,
        },
    }


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
                fld(d.LEERLING, "leerling", "Leerling"),
                fld(
                    d.SHORT_TEXT,
                    "contactpersoon",
                    "Naam contactpersoon van de school",
                    max_length=200,
                ),
                fld(
                    d.CHOICE,
                    "functie",
                    "Functie van de contactpersoon",
                    choices="Intern begeleider\nOndersteuningscoördinator\nDirecteur",
                    widget="radio",
                ),
                fld(d.EMAIL, "contact_email", "E-mailadres contactpersoon"),
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
                fld(d.DATE, "startdatum", "Gewenste startdatum"),
                fld(
                    d.NUMBER,
                    "uren",
                    "Aantal uren inzet",
                    decimal_places=1,
                    min_value=Decimal("0.5"),
                ),
                fld(
                    d.AMOUNT,
                    "uurtarief",
                    "Uurtarief van de uitvoerder",
                    help_text="Maximaal € 80,00 per uur.",
                    max_value=Decimal("80"),
                    max_error=(
                        "Het uurtarief is maximaal € 80,00 per uur (kader TOP-arrangementen)."
                    ),
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
                ),
                calc(
                    "aandeel_bestuur",
                    "Aandeel schoolbestuur (50 %)",
                    d.PERCENTAGE,
                    "totaal",
                    percentage=50,
                ),
                calc(
                    "aandeel_swv",
                    "Aandeel samenwerkingsverband (50 %)",
                    d.PERCENTAGE,
                    "totaal",
                    percentage=50,
                ),
                fld(
                    d.DECLARATION,
                    "bestuur_akkoord",
                    "Het schoolbestuur stemt in met de aanvraag en co-financiert 50 %.",
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
                    allowed_types=PDF_WORD,
                    max_size_mb=20,
                    max_files=1,
                ),
                fld(
                    d.FILE,
                    "ondertekening",
                    "Ondertekening door de orthopedagoog",
                    allowed_types=["pdf", "jpg", "png"],
                    max_size_mb=10,
                    max_files=1,
                ),
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


def tlv_steps():
    return [
        step(
            "Leerling",
            [
                fld(d.LEERLING, "leerling", "Leerling"),
                fld(
                    d.DATE,
                    "startdatum",
                    "Gewenste startdatum van de plaatsing",
                    help_text="Op of na 1 augustus 2026.",
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


FORMS = [
    {
        "slug": "top-arrangement",
        "title": "TOP-arrangement aanvragen",
        "aanvraag_type": AanvraagType.TOP_ARRANGEMENT,
        "intro": "<p>Vraag een TOP-arrangement aan: tijdelijke extra ondersteuning in de groep, "
        "altijd 50/50 gefinancierd door schoolbestuur en SWV.</p>",
        "confirmation_text": "<p>Bedankt. Je consulent neemt de aanvraag in behandeling. "
        "Je ziet de status in Mijn loket.</p>",
        "notify_emails": "top-aanvragen@swv.example",
        "steps": top_steps,
    },
    {
        "slug": "tlv",
        "title": "Aanvraag TLV",
        "aanvraag_type": AanvraagType.TLV,
        "intro": "<p>Vraag een toelaatbaarheidsverklaring aan voor het schooljaar 2026-2027.</p>",
        "confirmation_text": "<p>Bedankt. De CTO behandelt je aanvraag.</p>",
        "notify_emails": "tlv@swv.example",
        "support_start_min": TLV_START_MIN,
        "support_start_field": "startdatum",
        "steps": tlv_steps,
    },
    {
        "slug": "besluit-module",
        "title": "Besluit loket- of schoolmodule doorgeven",
        "aanvraag_type": AanvraagType.OVERIG,
        "intro": "<p>Geef door met welke module je school werkt.</p>",
        "confirmation_text": "<p>Bedankt, je keuze is doorgegeven.</p>",
        "open_until": BESLUIT_CLOSED_AT,
        "steps": besluit_steps,
    },
]


def form_index():
    """The index page (slug ``loket``) under the home page; created if missing."""
    index = LoketFormIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get()
        index = LoketFormIndexPage(title="Loketformulieren", slug="loket")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def create_form(index, spec):
    """Create and publish one form page from ``spec`` (see FORMS); returns the page."""
    existing = LoketFormPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    spec = dict(spec)
    steps = spec.pop("steps")()
    page = LoketFormPage(steps=json.dumps(steps), **spec)
    problems = d.validate_definition(page.definition())
    if problems:
        raise ValueError("; ".join(problems))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def run(stdout=None):
    from accounts.roles import ensure_role_groups

    index = form_index()
    pages = [create_form(index, spec) for spec in FORMS]
    ensure_role_groups()  # formulierbeheerders get the form index subtree
    if stdout is not None:
        stdout.write(f"Loketformulieren: {', '.join(p.title for p in pages)}")
    return {"index": index, "pages": pages}
