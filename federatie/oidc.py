"""The OpenID Connect protocol, portal side: authorization code flow with PKCE.

Built on Authlib (``OAuth2Session``: the authorization URL with ``state``, ``nonce``
and an S256 ``code_challenge``; the token request with the ``code_verifier``) and on
joserfc for the ID token: signature against the provider's JWKS, then ``iss``,
``aud``, ``exp``, ``iat``, ``sub`` and ``nonce``. Every failure is one of two
exceptions with a fixed reason code (never a claim value), which the views turn
into a Dutch page and ``federatie.linking`` into a line in the security log.
"""

import hashlib
import os
import secrets
import time

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet

TIMEOUT = 5  # seconds; a provider that does not answer must not hold a web worker
CACHE_SECONDS = 300
LEEWAY = 60  # clock skew between the provider and us
MAX_TOKEN_AGE = 600  # an ID token issued longer ago than this is not accepted
ALGORITHMS = ["RS256", "PS256", "ES256"]
SCOPE = "openid email profile"


class ProviderUnavailable(Exception):
    """The provider did not answer, answered nonsense, or is not configured here."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class InvalidLogin(Exception):
    """The provider answered, but what it sent may not log anyone in."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _cache_key(kind, provider):
    digest = hashlib.sha256(provider.issuer.encode()).hexdigest()[:16]
    return f"federatie:{kind}:{provider.pk}:{digest}"


def _get_json(url):
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable("unreachable") from error


def metadata(provider):
    """The provider's discovery document, cached; its issuer must be the configured one."""
    key = _cache_key("meta", provider)
    meta = cache.get(key)
    if meta is None:
        meta = _get_json(f"{provider.issuer}/.well-known/openid-configuration")
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str) for k in needed):
            raise ProviderUnavailable("discovery")
        if meta["issuer"].rstrip("/") != provider.issuer:
            raise ProviderUnavailable("issuer_mismatch")
        cache.set(key, meta, CACHE_SECONDS)
    return meta


def _key_set(provider, meta, refresh=False):
    key = _cache_key("jwks", provider)
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(meta["jwks_uri"])
        cache.set(key, data, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise ProviderUnavailable("jwks") from error


def _session(provider, redirect_uri, secret=None):
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=secret,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def begin(provider, redirect_uri):
    """The URL to send the browser to, and what the session keeps until it returns."""
    meta = metadata(provider)
    pending = {
        "provider": provider.pk,
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "started": int(time.time()),
    }
    url, _state = _session(provider, redirect_uri).create_authorization_url(
        meta["authorization_endpoint"],
        state=pending["state"],
        nonce=pending["nonce"],
        code_verifier=pending["verifier"],
    )
    return url, pending


def client_secret(provider):
    secret = os.environ.get(provider.client_secret_env, "")
    if not secret:
        raise ProviderUnavailable("secret_missing")
    return secret


def finish(provider, pending, code, redirect_uri):
    """Trade the code for tokens and return the checked claims of the ID token."""
    meta = metadata(provider)
    session = _session(provider, redirect_uri, client_secret(provider))
    try:
        token = session.fetch_token(
            meta["token_endpoint"],
            code=code,
            code_verifier=pending["verifier"],
            timeout=TIMEOUT,
        )
    except AuthlibBaseError as error:
        raise InvalidLogin("token_refused") from error
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable("unreachable") from error
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise InvalidLogin("no_id_token")
    return validate_id_token(provider, meta, id_token, pending["nonce"])


def _decode(provider, meta, id_token):
    """Verify the signature; an unknown ``kid`` refreshes the JWKS once (key rotation)."""
    for refresh in (False, True):
        keys = _key_set(provider, meta, refresh=refresh)
        try:
            return jwt.decode(id_token, keys, algorithms=ALGORITHMS)
        except BadSignatureError as error:
            raise InvalidLogin("signature") from error
        except InvalidKeyIdError as error:  # no key in the set for this kid
            if refresh:
                raise InvalidLogin("unknown_key") from error
        except (JoseError, ValueError) as error:
            raise InvalidLogin("malformed") from error
    raise InvalidLogin("unknown_key")  # pragma: no cover (the loop returns or raises)


def validate_id_token(provider, meta, id_token, nonce):
    token = _decode(provider, meta, id_token)
    claims = token.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": meta["issuer"]},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        iat={"essential": True},
        sub={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise InvalidLogin("exp") from error
    except ClaimError as error:
        raise InvalidLogin(error.claim if error.claim in registry.options else "claims") from error
    if claims["iat"] < time.time() - MAX_TOKEN_AGE:
        raise InvalidLogin("iat")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise InvalidLogin("azp")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise InvalidLogin("sub")
    return claims
