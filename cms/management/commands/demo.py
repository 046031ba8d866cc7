"""``manage.py demo``: fill an empty database with demo content. Idempotent.

Every app with demo data has a ``demo.py`` with a ``run(stdout)`` function; they
run in the order below. Refuses to run under production settings.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEMO_STEPS = [
    "accounts.demo",
    "federatie.demo",
    "loket.demo.seed",
    "loket.demo.dossiers",
    "permissions.demo",
    "content.demo",
    "content.demo_handleidingen",
    "kennisbank.demo.seed",
    "content.nieuwsbrieven.demo",
    "loket.demo.forms",
    "loket.demo.evaluaties",  # after the forms: it fills in the evaluation form
    "cms.demo",
]


class Command(BaseCommand):
    help = "Laadt demogegevens: organisaties, accounts per rol en inhoud (idempotent)."

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("De demo draait niet met productie-instellingen.")
        for step in DEMO_STEPS:
            import_module(step).run(stdout=self.stdout)
        from accounts.demo import ACCOUNTS, DEMO_PASSWORD

        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for email, _, _, _, role in ACCOUNTS:
            self.stdout.write(f"  {role.label:<20} {email}")
        self.stdout.write(
            "De demo-accounts hebben al een authenticator-app. De code na het wachtwoord toont "
            "`python manage.py democode E-MAILADRES`."
        )
