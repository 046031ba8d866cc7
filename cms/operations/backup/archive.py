"""One backup = one file: a tar of the snapshot folder, encrypted with age.

Why age (through pyrage, the Python binding of the maintained Rust implementation): it
is a documented, reviewed standard (age-encryption.org/v1) whose payload is the STREAM
construction - ChaCha20-Poly1305 over 64 KiB chunks, each with its index in the nonce
and a final-chunk flag - so a chunk cannot be changed, moved, dropped or cut off without
decryption failing, and it streams: neither side holds the backup in memory. And it
splits the keys: the server encrypts to a *recipient* (a public key, ``age1...``,
``BACKUP_AGE_RECIPIENTS``) and cannot read its own backups; only whoever restores needs
the *identity* (the private key, ``AGE-SECRET-KEY-1...``, ``BACKUP_AGE_IDENTITY`` or
``BACKUP_AGE_IDENTITY_FILE``). A thief of the server or of the backup bucket gets nothing
readable.

The tar is written into a pipe that age reads from (and on restore age writes into a
pipe that the tar reader reads from), so no plaintext archive is ever on disk. Without a
recipient, production refuses; dev and demo write a plain ``.tar`` and say so.
"""

import os
import tarfile
import threading
from pathlib import Path

import pyrage
from django.conf import settings
from django.core.management.base import CommandError
from pyrage import x25519

ENCRYPTED = ".tar.age"
PLAIN = ".tar"


def generate_key():
    """A new ``(identity, recipient)`` pair as strings (``manage.py backup --nieuwe-sleutel``)."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def _identity_texts():
    texts = [settings.BACKUP_AGE_IDENTITY] if settings.BACKUP_AGE_IDENTITY else []
    if settings.BACKUP_AGE_IDENTITY_FILE:
        try:
            texts.append(Path(settings.BACKUP_AGE_IDENTITY_FILE).read_text())
        except OSError as error:
            raise CommandError(
                f"BACKUP_AGE_IDENTITY_FILE is niet te lezen: {error.strerror}"
            ) from None
    lines = [line.strip() for text in texts for line in text.replace(",", "\n").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def identities():
    """The private keys that may open a backup; a clear error when there are none."""
    parsed = []
    for text in _identity_texts():
        try:
            parsed.append(x25519.Identity.from_str(text))
        except pyrage.IdentityError:
            raise CommandError(
                "BACKUP_AGE_IDENTITY(_FILE) bevat geen geldige age-sleutel (AGE-SECRET-KEY-1...)."
            ) from None
    if not parsed:
        raise CommandError(
            "Deze back-up is versleuteld: zet BACKUP_AGE_IDENTITY of BACKUP_AGE_IDENTITY_FILE "
            "(de privésleutel) om hem terug te zetten."
        )
    return parsed


def recipients():
    """The public keys a backup is encrypted to: ``BACKUP_AGE_RECIPIENTS``, else the
    public half of ``BACKUP_AGE_IDENTITY`` (simpler, but then the server holds the key)."""
    parsed = []
    for text in settings.BACKUP_AGE_RECIPIENTS:
        try:
            parsed.append(x25519.Recipient.from_str(text.strip()))
        except pyrage.RecipientError:
            raise CommandError(
                f"BACKUP_AGE_RECIPIENTS bevat geen geldige age-sleutel (age1...): {text[:12]}..."
            ) from None
    if not parsed and _identity_texts():
        parsed = [identity.to_public() for identity in identities()]
    return parsed


def suffix():
    """The file suffix of a new backup; refuses plaintext in production."""
    if recipients():
        return ENCRYPTED
    if settings.IS_PRODUCTION:
        raise CommandError(
            "Geen BACKUP_AGE_RECIPIENTS: in productie wordt geen onversleutelde back-up "
            "geschreven. Maak een sleutelpaar met `manage.py backup --nieuwe-sleutel`."
        )
    return PLAIN


def _pack(folder, out):
    """The snapshot folder as an uncompressed tar stream (the dump is compressed already)."""
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)


def _through_pipe(produce, consume):
    """Run ``produce(writable)`` in a thread and ``consume(readable)`` here, joined by a
    pipe. Either side's error is raised; the producer's first, as it is the cause of a
    consumer that saw its stream end early."""
    read_fd, write_fd = os.pipe()
    errors = []

    def producer():
        try:
            with open(write_fd, "wb") as pipe:
                produce(pipe)
        except BaseException as error:  # noqa: BLE001 - handed to the caller below
            errors.append(error)

    thread = threading.Thread(target=producer, daemon=True)
    thread.start()
    consumer_error = None
    try:
        with open(read_fd, "rb") as pipe:
            consume(pipe)
    except BaseException as error:  # noqa: BLE001 - raised below, after the join
        consumer_error = error
    thread.join()
    if errors and not isinstance(errors[0], BrokenPipeError):
        raise errors[0]
    if consumer_error is not None:
        raise consumer_error


def write(folder, out):
    """Write the snapshot ``folder`` as one archive to the binary file ``out``."""
    keys = recipients()
    if not keys:
        suffix()  # refuses in production
        _pack(folder, out)
        return
    _through_pipe(lambda pipe: _pack(folder, pipe), lambda pipe: pyrage.encrypt_io(pipe, out, keys))


def _unpack(readable, dest):
    with tarfile.open(fileobj=readable, mode="r|") as tar:
        # The "data" filter refuses absolute names, "..", links out and device files.
        tar.extractall(dest, filter="data")
    for _chunk in iter(lambda: readable.read(1 << 16), b""):
        pass  # drain, so that age reaches (and checks) the final chunk


def read(src, dest, encrypted):
    """Unpack the archive in binary file ``src`` into folder ``dest``.

    An encrypted archive is decrypted on the way; a wrong key, or a single changed,
    missing or added byte, is a ``CommandError`` - and nothing outside ``dest`` has been
    touched yet (the caller restores only after this and the manifest check)."""
    if not encrypted:
        if settings.IS_PRODUCTION:
            raise CommandError("In productie wordt alleen een versleutelde back-up teruggezet.")
        try:
            _unpack(src, dest)
        except tarfile.TarError:
            raise CommandError("Het back-upbestand is beschadigd (geen geldig tar).") from None
        return
    keys = identities()
    try:
        _through_pipe(lambda pipe: pyrage.decrypt_io(src, pipe, keys), lambda p: _unpack(p, dest))
    except pyrage.DecryptError as error:
        if "no matching keys" in str(error).lower():
            raise CommandError(
                "De back-up is niet met deze sleutel versleuteld (BACKUP_AGE_IDENTITY)."
            ) from None
        raise CommandError(f"De back-up kan niet worden ontsleuteld: {error}") from None
    except (OSError, tarfile.TarError):
        raise CommandError(
            "De back-up is beschadigd of veranderd: de versleuteling klopt niet. "
            "Er is niets teruggezet."
        ) from None
