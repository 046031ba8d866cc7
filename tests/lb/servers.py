"""Two web servers behind a load balancer, as in production, for tests/lb.

``Farm`` starts, all on 127.0.0.1 and each a process of its own: two gunicorn servers
with the production settings (``cms.settings.production``) on the test database, one
Redis (cache, page cache, rate limits; tests/redis_server.py) and the local
S3-compatible server (tests/s3.py) that both share, and Debian's ``haproxy`` in front,
round robin, telling the servers the request came over HTTPS as a TLS-terminating
balancer does. Two ``manage.py scheduler`` processes run beside them.

The static files are collected once into a folder under the system's temporary
directory, keyed by what is collected (the files' names, sizes and times), and reused
while nothing changed: compressing them for every run would cost half a minute. They
are collected with the manifest storage without compression (whitenoise serves the
uncompressed file when no ``.gz`` is there); the servers read the same manifest.
"""

import contextlib
import hashlib
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.http import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "portaal.test"
SECRET = "lb-test-" + "s" * 50
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
# Nothing outlives a test that was killed: every server runs under ``timeout``.
LIFETIME = ["timeout", "300"]


def _static_key():
    """What ``collectstatic`` would read: the project's static folders file by file, the
    packages by their pinned versions (``requirements.lock``)."""
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for base in sorted([ROOT / "static", *ROOT.glob("*/static")]):
        for path in sorted(base.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


STATIC_SETTINGS = """
from cms.settings.production import *  # noqa: F403
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
"""


def collected_static(env):
    """STATIC_ROOT with the collected files and their manifest (made when missing)."""
    root = Path(tempfile.gettempdir()) / f"swv-lb-static-{_static_key()}"
    if (root / "staticfiles.json").exists():
        return root
    work = Path(tempfile.mkdtemp(prefix="swv-lb-collect-"))
    (work / "lb_static_settings.py").write_text(STATIC_SETTINGS)
    staging = work / "static"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "lb_static_settings",
            "PYTHONPATH": str(work),
            "STATIC_ROOT": str(staging),
        },
        check=True,
    )
    # Atomic: a parallel run sees all of it or nothing; if another run was first, its
    # copy is the same.
    with contextlib.suppress(OSError):
        staging.rename(root)
    shutil.rmtree(work, ignore_errors=True)
    return root


def production_env(database_url, redis_url, s3_endpoint, buckets, prefix):
    public, private = buckets
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "LOGBOEK_HMAC_KEY": "l" * 40,
        "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE_SECONDS": "600",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_BUCKET": public,
        "S3_PRIVATE_BUCKET": private,
        "TRUSTED_PROXY_NETWORKS": "127.0.0.1/32",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        # Short intervals so that the schedulers run several slots in seconds.
        "SCHEDULE_PUBLISH_SECONDS": "1",
        "SCHEDULE_FILE_DELETIONS_SECONDS": "2",
    }


class Farm:
    def __init__(self, directory, env):
        self.directory = Path(directory)
        self.env = env
        self.ports = {"a": free_port(), "b": free_port()}
        self.balancer_port = free_port()
        self.processes = {}

    def _spawn(self, name, cmd, env=None):
        log = open(self.directory / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT
        )
        process.log = log
        self.processes[name] = process
        return process

    def log(self, name):
        return (self.directory / f"{name}.log").read_text()[-3000:]

    def start(self):
        began = time.monotonic()
        env = {**self.env, "STATIC_ROOT": str(collected_static(self.env))}
        self.env = env
        for name, port in self.ports.items():
            self._spawn(
                name,
                [*LIFETIME, str(BIN / "gunicorn"), "cms.wsgi", "--workers", "1"]
                + ["--threads", "4", "--bind", f"127.0.0.1:{port}", "--no-control-socket"]
                + ["--log-level", "warning", "--timeout", "60", "--graceful-timeout", "2"],
            )
        for name in ("planner-1", "planner-2"):
            self._spawn(
                name,
                [sys.executable, "manage.py", "scheduler", "--tick", "0.3", "--poll", "0.5"]
                + ["--stop-after", "300"],
            )
        config = self.directory / "haproxy.cfg"
        config.write_text(
            "\n".join(
                [
                    "global",
                    "    maxconn 200",
                    "defaults",
                    "    mode http",
                    "    timeout connect 2s",
                    "    timeout client 30s",
                    "    timeout server 30s",
                    "frontend web",
                    f"    bind 127.0.0.1:{self.balancer_port}",
                    # TLS ends here in production: the servers hear it was HTTPS.
                    "    http-request set-header X-Forwarded-Proto https",
                    "    http-response set-header X-Served-By %[srv_name]",
                    "    default_backend portal",
                    "backend portal",
                    "    balance roundrobin",
                    f"    server a 127.0.0.1:{self.ports['a']}",
                    f"    server b 127.0.0.1:{self.ports['b']}",
                ]
            )
            + "\n"
        )
        self._spawn("haproxy", [*LIFETIME, HAPROXY, "-f", str(config), "-db"])
        for name, port in self.ports.items():
            self._wait(name, port, timeout=60)
        self._wait("haproxy", self.balancer_port, timeout=10)
        self.startup_seconds = time.monotonic() - began

    def _wait(self, name, port, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"{name} stopped: {self.log(name)}")
            try:
                status = Client(port).get("/health/").status
                if status in (200, 503):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{name} did not answer within {timeout} s: {self.log(name)}")

    def stop(self, *names):
        """Stop ``names`` (all when none): a TERM to each, then wait for them together."""
        stopping = [self.processes.pop(name) for name in names or list(self.processes)]
        for process in stopping:
            if process.poll() is None:
                process.terminate()
        for process in stopping:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.log.close()

    def client(self, name):
        """A client of server ``name`` ("a", "b") or of the balancer ("lb")."""
        if name == "lb":
            return Client(self.balancer_port)
        return Client(self.ports[name], forwarded_https=True)


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read()

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    """A small browser on one address: keeps its own cookies, as a browser would over
    HTTPS (the production cookies are ``Secure`` and ``__Host-``), sends the CSRF token
    with every POST and a same-origin Referer. ``cookies`` may be handed to another
    client: that is the same browser reaching another server."""

    def __init__(self, port, forwarded_https=False, cookies=None):
        self.port = port
        self.forwarded_https = forwarded_https
        self.cookies = {} if cookies is None else cookies

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, "Referer": f"https://{HOST}/", **(headers or {})}
        if self.forwarded_https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = Response(connection.getresponse())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=Thu, 01 Jan 1970" in header or "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path):
        return self.request("GET", path)

    def csrf_token(self):
        token = self.cookies.get("__Host-csrftoken")
        if token is None:
            self.get("/account/inloggen/")
            token = self.cookies["__Host-csrftoken"]
        return token

    def post(self, path, data):
        body = urlencode({**data, "csrfmiddlewaretoken": self.csrf_token()})
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_file(self, path, data, field, filename, content):
        boundary = "----swv-lb-" + hashlib.sha256(content).hexdigest()[:16]
        parts = []
        for key, value in {**data, "csrfmiddlewaretoken": self.csrf_token()}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            )
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        )
        body = (
            "".join(parts).encode() + head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )


def form_value(html, name):
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None
