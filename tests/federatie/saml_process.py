"""The test SAML IdP as a process of its own on 127.0.0.1, as pytest fixtures.

Started once per test module (``saml_idp_process`` is module-scoped) on a port of
this project's range (8852 + 2 × worker number); it is given the portal's SP
metadata for ``http://testserver`` (the Django test client's host) and stops at
the end of the module, or by itself should pytest die first.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTSERVER = {
    "entity_id": "http://testserver/account/schoolaccount/saml/metadata/",
    "acs": "http://testserver/account/schoolaccount/saml/acs/",
    "sls": "http://testserver/account/schoolaccount/saml/sls/",
}


def _port():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base = 8852 + int(worker.removeprefix("gw") or 0) * 2
    for port in range(base, base + 2):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for the test SAML IdP")


class Idp:
    def __init__(self, port, process):
        self.port, self.process = port, process
        self.base = f"http://127.0.0.1:{port}"
        self.entity_id = f"{self.base}/metadata"

    def scenario(self, **changes):
        requests.post(f"{self.base}/_scenario", json=changes, timeout=5).raise_for_status()

    def metadata(self):
        return requests.get(f"{self.base}/metadata", timeout=5).text


def start_idp(sp_urls):
    """Start the test IdP for an SP at ``sp_urls`` (entity id, ACS, SLS); an ``Idp``."""
    from federatie import saml

    folder = tempfile.mkdtemp(prefix="test-sp-")
    sp_metadata = os.path.join(folder, "sp.xml")
    with open(sp_metadata, "w") as out:
        out.write(saml.metadata_xml(sp_urls))
    port = _port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.federatie.saml_idp", "--port", str(port)]
        + ["--sp-metadata", sp_metadata, "--lifetime", "900"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("SAML_IDP_DEBUG") else subprocess.DEVNULL,
    )
    idp = Idp(port, process)
    for _ in range(150):
        try:
            requests.get(f"{idp.base}/_health", timeout=0.5)
            return idp
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the test SAML IdP did not start")


def stop_idp(idp):
    idp.process.terminate()
    idp.process.wait(timeout=10)


@pytest.fixture(scope="module")
def saml_idp_process():
    idp = start_idp(TESTSERVER)
    yield idp
    stop_idp(idp)


@pytest.fixture
def saml_idp(saml_idp_process):
    """The running IdP, its scenario back to a plain good login."""
    saml_idp_process.scenario()
    return saml_idp_process
