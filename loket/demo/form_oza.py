"""The steps of the demo OZA-aanvraag (grijs gebied), see ``loket.demo.forms``.

After the kader TOP-arrangementen (seed): school and wijkteam or SMW fill in the
OZA-formulier together; the MIS-K shows who pays what. Only when it shows a grijs
gebied does the school ask the SWV; otherwise the form explains the route and
takes nothing.
"""

from forms import definition as d
from forms.build import calc, fld, info, step
from loket.demo.form_arrangementen import contact_field, file_field, period_fields
from loket.lifecycle.form_fields import LEERLING

MISK_GEEN_GRIJS = "Nee, de MIS-K laat zien wie welk deel betaalt"
MISK_GRIJS = "Ja, grijs gebied: niet duidelijk wie betaalt"


def oza_steps():
    return [
        step(
            "Leerling en partners",
            [
                info(
                    "<p>School en wijkteam of schoolmaatschappelijk werk vullen samen het "
                    "OZA-formulier in. Vraag alleen een OZA aan bij het SWV als de MIS-K een "
                    "grijs gebied laat zien.</p>"
                ),
                fld(LEERLING, "leerling", "Leerling", role="leerling"),
                fld(
                    d.SHORT_TEXT,
                    "partner",
                    "Met welk wijkteam of welke schoolmaatschappelijk werker is het "
                    "OZA-formulier ingevuld?",
                    max_length=200,
                    role="niet_overdragen",
                ),
                contact_field(),
            ],
        ),
        step(
            "Grijs gebied",
            [
                fld(
                    d.CHOICE,
                    "misk",
                    "Is er na het bekijken van de MIS-K een grijs gebied?",
                    choices=f"{MISK_GRIJS}\n{MISK_GEEN_GRIJS}",
                    widget="radio",
                    refuse=MISK_GEEN_GRIJS,
                    refuse_error=(
                        "Is duidelijk wie wat betaalt, dan bekostigt de school het onderwijsdeel "
                        "uit de eigen arrangementsmiddelen en de gemeente het zorgdeel. Een "
                        "OZA-aanvraag bij het SWV is dan niet nodig."
                    ),
                ),
                fld(
                    d.LONG_TEXT,
                    "grijs_gebied",
                    "Beschrijf het grijze gebied: welke inzet, en waarom is niet duidelijk "
                    "wie die betaalt?",
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "aanpak",
                    "Plan van aanpak uit het OZA-formulier (samengevat)",
                    max_length=5000,
                    role="aanpak",
                ),
            ],
        ),
        step(
            "Kosten en tijdpad",
            period_fields()
            + [
                fld(
                    d.DATE, "evaluatiedatum", "Datum van de eerste evaluatie", role="evaluatiedatum"
                ),
                fld(d.AMOUNT, "onderwijsdeel", "Kosten van het onderwijsdeel"),
                fld(d.AMOUNT, "zorgdeel", "Kosten van het zorgdeel"),
                calc(
                    "totaal", "Totale kosten", d.SUM, "onderwijsdeel, zorgdeel", role="totaalbedrag"
                ),
            ],
        ),
        step(
            "Bijlagen",
            [
                file_field(
                    "oza_formulier",
                    "OZA-formulier",
                    help_text="Met plan van aanpak, inzet en kosten, tijdpad en evaluatiemomenten.",
                ),
                file_field("opp", "Groeidocument of OPP"),
            ],
        ),
    ]
