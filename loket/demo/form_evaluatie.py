"""The steps of the demo evaluation form (hand-off *evaluatie*), see ``loket.demo.forms``.

The questions are the kader TOP-arrangementen's (seed ``kader-top-arrangementen-2025.txt``):
"Bij de evaluatie: tot welke duurzame veranderingen het traject heeft geleid (denk aan
klassenmanagement, ondersteuningsstructuur, het vormen van de "derde ruimte", etc.) en op
welke wijze de school inclusiever is geworden", and the kader's questions about the
pupil's perspective, the teacher's repertoire and the other pupils, asked again now the
arrangement has run. The school opens it from the granted aanvraag in Mijn loket.
"""

from forms import definition as d
from forms.build import fld, info, step


def evaluatie_steps():
    return [
        step(
            "Resultaat van het traject",
            [
                info(
                    "<p>Je evalueert het toegekende arrangement. De antwoorden komen bij de "
                    "aanvraag en in het dossier van de leerling; de consulent leest mee.</p>"
                ),
                fld(
                    d.LONG_TEXT,
                    "doelen",
                    "Welke doelen uit het plan van aanpak zijn bereikt, en welke niet?",
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "duurzame_veranderingen",
                    "Tot welke duurzame veranderingen heeft het traject geleid?",
                    help_text="Denk aan klassenmanagement, ondersteuningsstructuur, het vormen "
                    'van de "derde ruimte", etc.',
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "inclusiever",
                    "Op welke wijze is de school inclusiever geworden?",
                    max_length=5000,
                ),
            ],
        ),
        step(
            "Leerling, leerkracht en groep",
            [
                fld(
                    d.LONG_TEXT,
                    "perspectief",
                    "Kan de leerling na het arrangement weer deelnemen aan het regulier "
                    "basisonderwijs zonder ondersteuning? En kan de leerling deze deelname "
                    "langdurig voortzetten?",
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "leerkracht",
                    "Op welke wijze is het handelingsrepertoire van de leerkracht uitgebreid?",
                    max_length=5000,
                ),
                fld(
                    d.LONG_TEXT,
                    "andere_leerlingen",
                    "Hoe hebben andere leerlingen meegeprofiteerd van het arrangement?",
                    required=False,
                    max_length=5000,
                ),
                fld(
                    d.CHOICE,
                    "vervolg",
                    "Is na dit evaluatiemoment nog ondersteuning nodig?",
                    choices="Nee, het arrangement kan stoppen\n"
                    "Ja, binnen de basisondersteuning van de school\n"
                    "Ja, de school overweegt een nieuwe aanvraag",
                    widget="radio",
                ),
            ],
        ),
    ]
