"""Reading an IdP's pasted metadata: is it usable for this organisation's login?

Checked when the beheerder saves it (a Dutch message on the form, never a 500 at
login): well-formed XML without entities (pysaml2 parses with defusedxml), the
entity id the beheerder named, an IdP role with a single sign-on service over the
HTTP-Redirect binding, and a signing certificate to check the responses with.
"""

from django.utils.translation import gettext_lazy as _
from saml2 import BINDING_HTTP_REDIRECT
from saml2.attribute_converter import ac_factory
from saml2.mdstore import MetadataStore

MAX_METADATA = 500_000  # characters; one IdP's metadata is a few kB, a federation's MBs


class MetadataProblem(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def store_for(xml):
    """A pysaml2 metadata store holding only this pasted document."""
    store = MetadataStore(ac_factory(), None)
    store.load("inline", xml)
    return store


def check_idp_metadata(xml, entity_id):
    if not xml.strip():
        raise MetadataProblem(_("Plak de metadata van de IdP."))
    if len(xml) > MAX_METADATA:
        raise MetadataProblem(
            _("Deze metadata is te groot. Plak alleen de metadata van deze ene IdP.")
        )
    try:
        store = store_for(xml)
    except Exception as error:  # pysaml2 raises bare Exceptions for bad or expired XML
        raise MetadataProblem(
            _("Dit is geen leesbare SAML-metadata (of de geldigheid is verlopen).")
        ) from error
    if entity_id not in list(store.keys()):  # a MetadataStore has no __contains__
        raise MetadataProblem(
            _("De metadata hoort niet bij dit entity-id. Controleer het entity-id.")
        )
    if not store.single_sign_on_service(entity_id, BINDING_HTTP_REDIRECT):
        raise MetadataProblem(
            _("De metadata noemt geen single sign-on via HTTP-Redirect voor deze IdP.")
        )
    if not store.certs(entity_id, "idpsso", use="signing"):
        raise MetadataProblem(_("De metadata bevat geen certificaat om mee te ondertekenen."))
