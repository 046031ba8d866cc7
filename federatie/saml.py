"""The SAML 2.0 protocol, portal side (service provider), on plain pysaml2.

Why not djangosaml2: its configuration is one global ``SAML_CONFIG`` with its own
views, its own backend that creates or updates users from attributes, and its
outstanding-request cache. Here every organisation has its own IdP, metadata and
rules, and an identity may only reach an account the beheerder invited
(``federatie.linking``); so the portal builds a pysaml2 configuration per login,
exactly like ``federatie.oidc`` does for OpenID Connect.

One service provider: one entity id (the metadata URL), one key pair from the
settings, one assertion consumer service. AuthnRequests and LogoutRequests are
signed (HTTP-Redirect binding, RSA-SHA256). pysaml2 checks the response: the
assertion's signature against the certificate in the pasted metadata, the
audience, NotBefore/NotOnOrAfter (60 s leeway), the destination, and InResponseTo
against the one request this browser started. What pysaml2 cannot know, whether
the same assertion was used before, is in ``SeenAssertion`` until it expires.
Every failure is ``InvalidLogin`` or ``ProviderUnavailable`` with a fixed reason
code, never a value from the assertion.
"""

import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.ident import code, decode
from saml2.metadata import entity_descriptor
from saml2.response import StatusError, UnsolicitedResponse
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.sigver import MissingKey, SignatureError, verify_redirect_signature
from saml2.validate import ResponseLifetimeExceed, ToEarly
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from .models import SamlProvider, SeenAssertion
from .oidc import InvalidLogin, ProviderUnavailable
from .saml_keys import sp_key_pair

LEEWAY = 60  # seconds of clock skew between the IdP and us
REPLAY_FALLBACK = timedelta(hours=8)  # an assertion without NotOnOrAfter: kept this long
REDIRECT_FIELDS = ("SAMLResponse", "RelayState", "SigAlg", "Signature")

__all__ = ["InvalidLogin", "ProviderUnavailable", "SamlLogin", "begin", "finish"]


class SamlLogin:
    """What a checked response says: the identity for ``linking``, and what logout needs."""

    def __init__(self, claims, classes, name_id, session_index):
        self.claims, self.classes = claims, classes
        self.name_id, self.session_index = name_id, session_index


def _config(urls, provider=None):
    key_file, cert_file = sp_key_pair()
    conf = SPConfig()
    conf.load(
        {
            "entityid": urls["entity_id"],
            "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
            "key_file": key_file,
            "cert_file": cert_file,
            "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
            "allow_unknown_attributes": True,
            "accepted_time_diff": LEEWAY,
            "metadata": {"inline": [provider.metadata_xml]} if provider else {},
            "service": {
                "sp": {
                    "name": "SWV-portaal",
                    "endpoints": {
                        "assertion_consumer_service": [(urls["acs"], BINDING_HTTP_POST)],
                        "single_logout_service": [(urls["sls"], BINDING_HTTP_REDIRECT)],
                    },
                    "authn_requests_signed": True,
                    "logout_requests_signed": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "allow_unsolicited": False,
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                }
            },
        }
    )
    return conf


def metadata_xml(urls):
    """The portal's SP metadata: entity id, ACS, SLO and the signing certificate."""
    return str(entity_descriptor(_config(urls)))


def begin(provider, urls):
    """The IdP's URL with a signed AuthnRequest, and what the session keeps meanwhile."""
    client = Saml2Client(config=_config(urls, provider))
    relay = secrets.token_urlsafe(24)
    try:
        request_id, info = client.prepare_for_authenticate(
            entityid=provider.entity_id,
            relay_state=relay,
            binding=BINDING_HTTP_REDIRECT,
            sign=True,
            sigalg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
    except Exception as error:  # pysaml2: bare Exceptions for metadata it cannot use
        raise ProviderUnavailable("saml_metadata") from error
    pending = {
        "protocol": "saml",
        "provider": provider.pk,
        "state": relay,
        "request_id": request_id,
        "started": int(time.time()),
    }
    return dict(info["headers"])["Location"], pending


def _reason(error):
    if isinstance(error, SignatureError | MissingKey):
        return "signature"
    if isinstance(error, ResponseLifetimeExceed):
        return "exp"
    if isinstance(error, ToEarly):
        return "not_before"
    if isinstance(error, UnsolicitedResponse):
        return "in_response_to"
    if isinstance(error, StatusError):
        return "idp_status"
    if "AudienceRestrictions" in str(error):
        return "aud"
    if "signed" in str(error).lower():
        return "signature"
    return "malformed"


def _parse(provider, urls, pending, saml_response):
    client = Saml2Client(config=_config(urls, provider))
    try:
        response = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={pending["request_id"]: "/"}
        )
    except Exception as error:  # pysaml2 raises many kinds, also bare Exception
        raise InvalidLogin(_reason(error)) from error
    if response is None or response.assertion is None:
        raise InvalidLogin("malformed")
    if response.issuer() != provider.entity_id:
        raise InvalidLogin("issuer")
    return response


def _remember(provider, assertion_id, not_on_or_after):
    """Store the assertion id until it expires; ``False`` when it was seen before."""
    now = timezone.now()
    if not_on_or_after:
        expires = datetime.fromtimestamp(not_on_or_after, tz=UTC) + timedelta(seconds=LEEWAY)
    else:
        expires = now + REPLAY_FALLBACK
    key = hashlib.sha256(f"{provider.entity_id}\n{assertion_id}".encode()).hexdigest()
    SeenAssertion.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            SeenAssertion.objects.create(key=key, expires_at=expires)
    except IntegrityError:
        return False
    return True


def _first(ava, name):
    values = ava.get(name) or []
    return values[0] if values and isinstance(values[0], str) else None


def finish(provider, urls, pending, saml_response):
    """Check the IdP's response to this browser's request; the login it stands for."""
    response = _parse(provider, urls, pending, saml_response)
    assertion = response.assertion
    if not assertion.id or not _remember(provider, assertion.id, response.not_on_or_after):
        raise InvalidLogin("replay")
    ava = response.ava or {}
    value = _first(ava, provider.match_attribute)
    name_id = response.name_id
    if name_id is not None and name_id.format == NAMEID_FORMAT_PERSISTENT and name_id.text:
        subject = f"nameid:{name_id.text}"
    elif value:
        subject = f"{provider.match_attribute}:{value.strip().lower()}"
    else:
        subject = None
    if subject is None:
        raise InvalidLogin("no_subject")
    claims = {"iss": provider.entity_id, "sub": subject}
    if value:
        claims[provider.match_attribute] = value
    classes = [ref for ref, _authorities, _instant in response.authn_info() if ref]
    statements = assertion.authn_statement or []
    session_index = statements[0].session_index if statements else None
    return SamlLogin(claims, classes, code(name_id) if name_id else None, session_index)


def mfa_asserted(provider, login):
    """True when this organisation trusts its IdP's MFA and the assertion states it."""
    return provider.trust_idp_mfa and bool(provider.mfa_class_values() & set(login.classes))


def offers_logout(provider):
    """Whether the IdP's pasted metadata names a single logout service over HTTP-Redirect."""
    from .saml_metadata import store_for

    try:
        store = store_for(provider.metadata_xml)
        return bool(
            store.single_logout_service(provider.entity_id, BINDING_HTTP_REDIRECT, "idpsso")
        )
    except Exception:  # metadata that was fine when saved but no longer parses (expired)
        return False


def logout_url(provider, urls, name_id, session_index):
    """The IdP's single logout URL with a signed LogoutRequest, and the request id.

    ``None`` when the IdP's metadata offers no single logout over HTTP-Redirect.
    """
    client = Saml2Client(config=_config(urls, provider))
    services = client.metadata.single_logout_service(
        provider.entity_id, BINDING_HTTP_REDIRECT, "idpsso"
    )
    if not services:
        return None
    destination = services[0]["location"]
    request_id, request = client.create_logout_request(
        destination,
        provider.entity_id,
        name_id=decode(name_id),
        session_indexes=[session_index] if session_index else None,
        sign=False,
    )
    info = client.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(request),
        destination,
        secrets.token_urlsafe(16),
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return dict(info["headers"])["Location"], request_id


def logout_done(provider, urls, query, request_id):
    """Whether the IdP's LogoutResponse is signed by it and answers our request with success.

    pysaml2 leaves the HTTP-Redirect signature of a LogoutResponse unchecked; it is
    checked here against the signing certificates of the IdP's pasted metadata.
    """
    client = Saml2Client(config=_config(urls, provider))
    message = {key: query[key] for key in REDIRECT_FIELDS if isinstance(query.get(key), str)}
    if "Signature" not in message or "SigAlg" not in message:
        return False
    try:
        certs = client.metadata.certs(provider.entity_id, "idpsso", use="signing")
        backend = client.sec.sec_backend
        if not any(verify_redirect_signature(message, backend, cert) for _name, cert in certs):
            return False
        response = client.parse_logout_request_response(
            message["SAMLResponse"], BINDING_HTTP_REDIRECT
        )
    except Exception:  # a wrong or unreadable answer: the IdP's session is then unknown
        return False
    return bool(
        response is not None
        and response.in_response_to == request_id
        and response.issuer() == provider.entity_id
        and response.status_ok()
    )


def active_provider(pk):
    return SamlProvider.objects.filter(pk=pk, is_active=True, organisation__is_active=True).first()
