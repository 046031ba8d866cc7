"""Demo: De Regenboog logs in with OpenID Connect, Het Kompas with SAML (the tests' IdPs).

The providers are the ones the tests run (README, "Inloggen met je schoolaccount"):
``python -m tests.federatie.provider --port 8731`` and ``python -m
tests.federatie.saml_idp --port 8733 --key-dir var/saml-idp ...``. The SAML IdP's
key is made here, in var/saml-idp/, so the metadata pasted for Het Kompas fits the
IdP started later. When a provider is not running, the button leads to a Dutch
"tijdelijk niet beschikbaar" page (OIDC) or to the browser's own error (SAML: the
portal fetches nothing from the IdP and only sends the browser there).
"""

from pathlib import Path

from django.conf import settings

from accounts.models import Organisation

from .models import OidcProvider, SamlProvider
from .saml_keys import _generate

DEMO_ISSUER = "http://127.0.0.1:8731"
DEMO_CLIENT_ID = "swv-portaal"
DEMO_SECRET_ENV = "OIDC_SECRET_DEMO_REGENBOOG"
DEMO_SAML_BASE = "http://127.0.0.1:8733"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"


def _saml_metadata(key_dir):
    """The demo IdP's metadata, as a beheerder would paste it."""
    key_file, cert_file = key_dir / "good.key", key_dir / "good.crt"
    if not key_file.exists():
        _generate(str(key_file), str(cert_file))
    cert = "".join(line for line in cert_file.read_text().splitlines() if "CERT" not in line)
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" '
        f'entityID="{DEMO_SAML_BASE}/metadata">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
        f"{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        f'<md:SingleLogoutService Binding="{REDIRECT}" Location="{DEMO_SAML_BASE}/slo"/>'
        f'<md:SingleSignOnService Binding="{REDIRECT}" Location="{DEMO_SAML_BASE}/sso"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )


def run(stdout=None):
    school = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, brin="99AA00").first()
    if school is not None:
        OidcProvider.objects.get_or_create(
            organisation=school,
            defaults={
                "issuer": DEMO_ISSUER,
                "client_id": DEMO_CLIENT_ID,
                "client_secret_env": DEMO_SECRET_ENV,
                "trust_idp_mfa": True,
            },
        )
    kompas = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, brin="99BB00").first()
    if kompas is not None and not SamlProvider.objects.filter(organisation=kompas).exists():
        key_dir = Path(settings.BASE_DIR) / "var" / "saml-idp"
        SamlProvider.objects.create(
            organisation=kompas,
            entity_id=f"{DEMO_SAML_BASE}/metadata",
            metadata_xml=_saml_metadata(key_dir),
            trust_idp_mfa=True,
        )
