"""Demo: Basisschool De Regenboog logs in with its school account (the test provider).

The provider is the one the tests run (README, "Inloggen met je schoolaccount"):
``python -m tests.federatie.provider --port 8731``. When it is not running, the
button on the login page leads to a Dutch "tijdelijk niet beschikbaar" page.
"""

from accounts.models import Organisation

from .models import OidcProvider

DEMO_ISSUER = "http://127.0.0.1:8731"
DEMO_CLIENT_ID = "swv-portaal"
DEMO_SECRET_ENV = "OIDC_SECRET_DEMO_REGENBOOG"


def run(stdout=None):
    school = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, brin="99AA00").first()
    if school is None:
        return
    OidcProvider.objects.get_or_create(
        organisation=school,
        defaults={
            "issuer": DEMO_ISSUER,
            "client_id": DEMO_CLIENT_ID,
            "client_secret_env": DEMO_SECRET_ENV,
            "trust_idp_mfa": True,
        },
    )
