"""``manage.py schooljaarovergang``: move every school's current pupils to a school year.

For the beheerder or operator at the start of a school year, for all schools at
once (a school can do its own from Mijn loket, "Leerlingen" → "Schooljaarovergang").
Without ``--uitvoeren`` it only says what would happen. Prints counts only, never
a name (the output may end up in a log).
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from loket.leerlingen import schooljaren
from loket.models import school_year_label


class Command(BaseCommand):
    help = "Zet de huidige leerlingen van de scholen over naar een (nieuw) schooljaar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schooljaar",
            type=int,
            help="Beginjaar van het schooljaar, bijv. 2027 voor 2027-2028 (standaard: huidig).",
        )
        parser.add_argument("--school", type=int, action="append", help="Alleen deze school (id).")
        parser.add_argument(
            "--uitvoeren", action="store_true", help="Echt overzetten (anders alleen tonen)."
        )

    def handle(self, *args, schooljaar=None, school=None, uitvoeren=False, **options):
        year = schooljaar or schooljaren.school_year()
        if not 2000 <= year <= 2100:
            raise CommandError("Kies een schooljaar tussen 2000 en 2100.")
        schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).order_by("pk")
        if school:
            schools = schools.filter(pk__in=school)
            if schools.count() != len(set(school)):
                raise CommandError("Onbekende school (id) opgegeven.")
        for organisation in schools:
            if uitvoeren:
                plan = schooljaren.apply_transition(organisation, year)
            else:
                plan = schooljaren.plan_transition(organisation, year)
            self.stdout.write(
                f"school {organisation.pk}: {len(plan.moves)} over, "
                f"{len(plan.leavers)} vertrokken, "
                f"{len(plan.to_archive)} dossiers af te ronden"
            )
        done = "overgezet naar" if uitvoeren else "(niets gewijzigd) voorbereid voor"
        self.stdout.write(f"Schooljaarovergang {done} {school_year_label(year)}.")
