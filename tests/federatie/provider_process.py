"""The test OpenID provider as a process of its own on 127.0.0.1, as pytest fixtures.

One provider per pytest worker, on a port of this project's range (8731 + worker
number), started once and stopped at the end; it also stops by itself after a
while, should pytest die first.
"""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.federatie.provider import CLIENT_SECRET

SECRET_ENV = "OIDC_SECRET_TEST_SCHOOL"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _port():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base = 8731 + int(worker.removeprefix("gw") or 0) * 4
    for port in range(base, base + 4):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for the test OpenID provider")


class Provider:
    def __init__(self, port, process):
        self.port, self.process = port, process
        self.issuer = f"http://127.0.0.1:{port}"

    def scenario(self, **changes):
        requests.post(f"{self.issuer}/_scenario", json=changes, timeout=5).raise_for_status()


@pytest.fixture(scope="session")
def oidc_provider_process():
    port = _port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.federatie.provider", "--port", str(port)]
        + ["--lifetime", "1200"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    provider = Provider(port, process)
    for _ in range(100):
        try:
            requests.get(f"{provider.issuer}/_health", timeout=0.5)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("the test OpenID provider did not start")
    yield provider
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def idp(oidc_provider_process, monkeypatch):
    """The running provider, its scenario back to a plain good login."""
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    oidc_provider_process.scenario()
    return oidc_provider_process
