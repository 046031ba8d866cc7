"""Optional virus scan of uploads through clamd, ClamAV's daemon (INSTREAM protocol).

Off unless ``CLAMD_SOCKET`` (a Unix socket path) or ``CLAMD_HOST`` (with
``CLAMD_PORT``) is set. When it is on, a scan that cannot be completed - clamd
down, a timeout, an answer we do not understand - counts as *not clean*: the
upload is refused (fail closed), never stored unscanned.

The protocol is small enough to speak directly: ``zINSTREAM\\0``, then chunks
each preceded by their length as a 4-byte big-endian integer, then a zero
length; clamd answers ``stream: OK`` or ``stream: <name> FOUND`` ending in NUL.
"""

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024
MAX_REPLY = 4096


class ScanUnavailable(Exception):
    """clamd could not give a verdict; the caller refuses the upload."""


def is_enabled():
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect():
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(settings.CLAMD_SOCKET)
        return sock
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=timeout)


def scan(chunks):
    """Scan the bytes of ``chunks`` (an iterable of bytes). Returns ``None`` when
    clean, else the name of what clamd found. Raises ``ScanUnavailable`` when no
    verdict could be had."""
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK):
                    part = chunk[start : start + CHUNK]
                    sock.sendall(struct.pack("!L", len(part)) + part)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
                data = sock.recv(1024)
                if not data:
                    break
                reply += data
    except OSError as exc:  # refused, unreachable, timeout, reset
        raise ScanUnavailable(type(exc).__name__) from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith("FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip() or "onbekend"
    if answer == "stream: OK":
        return None
    # "INSTREAM size limit exceeded. ERROR", an empty answer, anything else.
    raise ScanUnavailable("unexpected answer")
