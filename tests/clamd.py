"""A real ``clamd`` (Debian's clamav-daemon) of the tests' own, without the internet.

The daemon runs in the foreground as a child of the test, with a configuration in a
temporary directory: a Unix socket there and a TCP socket on a free loopback port, and a
signature database of one line made here - the EICAR test signature as an ``.ndb`` body
signature (any file type, any offset), so that it is found inside a PDF and, once clamd
has unpacked it, inside a zip. With one signature clamd is ready in well under a second
(it loads no ``daily.cvd``; freshclam is never run).

The fixtures live here, not in a conftest, so that tests elsewhere import them by name.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from bench.http import free_port
from devkit.files import EICAR

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
SIGNATURE = "Swv-Test-Eicar"


class ClamdProcess:
    """One clamd in ``directory``; ``start`` returns once it answers PING on both sockets."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.socket = str(self.directory / "clamd.sock")
        self.port = free_port()
        self.process = None
        self.startup_seconds = None
        database = self.directory / "db"
        database.mkdir(exist_ok=True)
        (database / "swv-eicar.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
        self.config = self.directory / "clamd.conf"
        self.config.write_text(
            "\n".join(
                [
                    "Foreground yes",
                    f"LocalSocket {self.socket}",
                    f"TCPSocket {self.port}",
                    "TCPAddr 127.0.0.1",
                    f"DatabaseDirectory {database}",
                    f"LogFile {self.directory / 'clamd.log'}",
                    f"PidFile {self.directory / 'clamd.pid'}",
                    # No bytecode signatures to load; the self check would reread the
                    # database every ten minutes.
                    "Bytecode no",
                    "SelfCheck 0",
                ]
            )
            + "\n"
        )

    def start(self):
        began = time.monotonic()
        self.process = subprocess.Popen(
            [CLAMD, "--config-file", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while time.monotonic() - began < 30:
            if self.process.poll() is not None:
                raise RuntimeError(f"clamd stopped at start-up: {self.log()}")
            if self.ping(("127.0.0.1", self.port)) and self.ping(self.socket):
                self.startup_seconds = time.monotonic() - began
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"clamd did not answer PING within 30 s: {self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self):
        path = self.directory / "clamd.log"
        return path.read_text()[-2000:] if path.exists() else ""

    @staticmethod
    def ping(address):
        family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
        try:
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                sock.settimeout(1)
                sock.connect(address)
                sock.sendall(b"zPING\0")
                return sock.recv(16) == b"PONG\0"
        except OSError:
            return False


@pytest.fixture(scope="module")
def clamd_process(tmp_path_factory):
    """A running clamd for the module's tests (started once, stopped afterwards)."""
    clamd = ClamdProcess(tmp_path_factory.mktemp("clamd"))
    clamd.start()
    yield clamd
    clamd.stop()


@pytest.fixture
def clamd_tcp(settings, clamd_process):
    """The portal scans through the real clamd over TCP."""
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd_process.port
    settings.CLAMD_TIMEOUT = 10
    return clamd_process


@pytest.fixture
def clamd_unix(settings, clamd_process):
    """The portal scans through the real clamd over its Unix socket."""
    settings.CLAMD_HOST = ""
    settings.CLAMD_SOCKET = clamd_process.socket
    settings.CLAMD_TIMEOUT = 10
    return clamd_process


@pytest.fixture
def clamd_stopped(settings, tmp_path):
    """A clamd that ran and was stopped: configured, nothing answers any more."""
    clamd = ClamdProcess(tmp_path)
    clamd.start()
    clamd.stop()
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd.port
    settings.CLAMD_TIMEOUT = 2
    return clamd
