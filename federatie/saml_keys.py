"""The service provider's key pair: from the environment, or made once for development.

Production reads ``SAML_SP_KEY_FILE`` and ``SAML_SP_CERT_FILE`` (paths; the key
stays where the server's other secrets live); ``cms.settings.production`` refuses
to start with one of the two or an unreadable file, and the system check
``federatie.E001`` fails ``check --deploy`` when an active SAML IdP is configured
without them. Development makes a self-signed pair in var/saml/ at first use
(``SAML_SP_GENERATE``); the tests use the public pair in tests/federatie/saml_keys/.
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core import checks

from .oidc import ProviderUnavailable


def configured():
    key_file, cert_file = settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE
    return bool(key_file and cert_file and os.path.isfile(key_file) and os.path.isfile(cert_file))


def _generate(key_file, cert_file):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SWV-portaal (ontwikkeling)")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    Path(key_file).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    Path(cert_file).write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def sp_key_pair():
    """(key file, certificate file); ``ProviderUnavailable`` when the server has none."""
    key_file, cert_file = settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE
    if settings.SAML_SP_GENERATE and key_file and cert_file and not configured():
        _generate(key_file, cert_file)
    if not configured():
        raise ProviderUnavailable("sp_key_missing")
    return key_file, cert_file


@checks.register(checks.Tags.security, deploy=True)
def check_sp_key(app_configs=None, databases=None, **kwargs):
    """An active SAML IdP needs the SP's key pair: without it no school can log in."""
    if configured() or settings.SAML_SP_GENERATE:
        return []
    from django.db import DatabaseError

    from .models import SamlProvider

    try:
        active = SamlProvider.objects.filter(is_active=True).exists()
    except DatabaseError:  # no database yet (a fresh install before migrate)
        return []
    if not active:
        return []
    return [
        checks.Error(
            "An active SAML IdP is configured, but SAML_SP_KEY_FILE / SAML_SP_CERT_FILE "
            "are not set or not readable.",
            id="federatie.E001",
        )
    ]
