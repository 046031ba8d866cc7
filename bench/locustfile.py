"""Locust scenario for ``bench.loadtest``: visitors and school users of the portal.

Not run on its own: ``python -m bench loadtest`` starts the server and passes the data
(``LOADTEST_DATA``: public URLs and accounts, written by ``bench.loadtest_setup``).

- ``Bezoeker`` (3 of 4 users): public pages (served from the page cache, as in
  production) and search, which is never cached.
- ``Schoolgebruiker`` (1 of 4): logs in as a person does (password, then a real TOTP
  code computed from the account's authenticator secret), then opens Mijn loket and its
  aanvragen, searches and reads public pages with a session (not cached), and logs out.

Production cookies are ``Secure``; over plain loopback HTTP the client is told to send
them anyway (the server runs with ``SECURE_SSL_REDIRECT=0``).
"""

import hmac
import json
import os
import random
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

DATA = json.loads(Path(os.environ["LOADTEST_DATA"]).read_text())
ACCOUNTS = list(DATA["accounts"])
QUERIES = ["archiveren", "ondersteuning", "toelaatbaarheidsverklaring", "budget", "dyslexie"]
AANVRAAG_LINK = re.compile(r'href="(/loket/aanvragen/(?!nieuw/)[^/"]+/)"')


ENVIRONMENT = {}


@events.init.add_listener
def _keep_environment(environment, **kwargs):
    ENVIRONMENT["env"] = environment


@events.quit.add_listener
def _write_summary(exit_code, **kwargs):
    """Final figures for the driver (LOADTEST_RESULT), computed by locust itself."""
    stats = ENVIRONMENT["env"].stats
    rows = [
        {
            "name": "TOTAAL" if entry is stats.total else entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.total_rps,
            **{
                f"p{p}": entry.get_response_time_percentile(p / 100) if entry.num_requests else 0
                for p in (50, 95, 99)
            },
        }
        for entry in [*sorted(stats.entries.values(), key=lambda e: e.name), stats.total]
    ]
    Path(os.environ["LOADTEST_RESULT"]).write_text(json.dumps(rows))


def totp(account, at=None):
    """RFC 6238, as django_otp computes it (SHA-1, the device's step, t0, digits, drift)."""
    at = time.time() if at is None else at
    counter = int((at - account["t0"]) // account["step"]) + account["drift"]
    mac = hmac.new(bytes.fromhex(account["key"]), struct.pack(">Q", counter), "sha1").digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10 ** account['digits']:0{account['digits']}d}"


class LoopbackCookieJar(RequestsCookieJar):
    """Keeps ``Secure`` cookies usable over plain loopback HTTP (see the module docstring)."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies = LoopbackCookieJar()

    def csrf(self):
        return self.client.cookies.get("__Host-csrftoken", "")

    def public_page(self):
        self.client.get(random.choice(DATA["public"]), name="publieke pagina")

    def search(self):
        self.client.get("/zoeken/", params={"q": random.choice(QUERIES)}, name="zoeken")


class Bezoeker(PortalUser):
    weight = 3

    @task(4)
    def read(self):
        self.public_page()

    @task(1)
    def look_up(self):
        self.search()


class Schoolgebruiker(PortalUser):
    weight = 1

    def on_start(self):
        super().on_start()
        # One account per simulated user: a TOTP code counts once per account and step.
        self.account = ACCOUNTS.pop()
        self.aanvragen = []
        self.login()

    def expect(self, response, status, what):
        if response.status_code != status:
            response.failure(f"{what}: status {response.status_code}, verwacht {status}")

    def login(self):
        self.client.get("/account/inloggen/", name="inloggen")
        data = {
            "username": self.account["email"],
            "password": self.account["password"],
            "csrfmiddlewaretoken": self.csrf(),
        }
        with self.client.post(
            "/account/inloggen/?next=/loket/",
            data,
            name="inloggen (wachtwoord)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.expect(response, 302, "wachtwoord")
        with self.client.post(
            "/account/tweestaps/?next=/loket/",
            {"code": totp(self.account), "csrfmiddlewaretoken": self.csrf()},
            name="inloggen (code)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.expect(response, 302, "code")

    def on_stop(self):
        self.client.post(
            "/account/uitloggen/", {"csrfmiddlewaretoken": self.csrf()}, name="uitloggen"
        )

    @task(3)
    def mijn_loket(self):
        with self.client.get("/loket/", name="mijn loket", catch_response=True) as response:
            self.expect(response, 200, "mijn loket")
            self.aanvragen = AANVRAAG_LINK.findall(response.text) or self.aanvragen

    @task(2)
    def aanvraag(self):
        if self.aanvragen:
            self.client.get(random.choice(self.aanvragen), name="aanvraag")

    @task(1)
    def read(self):
        self.public_page()

    @task(1)
    def look_up(self):
        self.search()
