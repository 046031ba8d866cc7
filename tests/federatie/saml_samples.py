"""A SAML IdP's metadata as a beheerder pastes it, for tests that need no running IdP."""

from pathlib import Path

CERT = Path(__file__).parent / "saml_keys" / "sp.crt"  # any certificate will do here


IDP_ENTITY = "https://idp.school.example/metadata"


def idp_metadata():
    """An IdP's metadata as a beheerder pastes it; any certificate will do here."""
    with open(CERT) as pem:
        cert = "".join(line for line in pem.read().splitlines() if "CERTIFICATE" not in line)
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP_ENTITY}">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
        f"{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        'Location="https://idp.school.example/sso"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )
