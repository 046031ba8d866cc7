"""Helper of ``bench.loadtest``: the URLs to visit and the accounts that log in.

Runs in its own process under the settings the server uses and prints one JSON object.
Every simulated school user gets its own demo-style account (school A or B,
schoolgebruiker, the demo password, a confirmed authenticator app): a TOTP code is valid
once per account and time step, so users sharing an account would refuse each other's
logins. The TOTP secrets go to the load generator, which computes real codes from them;
they are demo secrets in a throw-away load-test database, never production ones.
"""

import json
import os
import sys

import django


def accounts(count):
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.demo import DEMO_PASSWORD, enrol
    from accounts.models import Membership, Organisation, Role, User

    schools = list(Organisation.objects.filter(brin__in=["99AA00", "99BB00"]).order_by("brin"))
    hashed = make_password(DEMO_PASSWORD)  # once: hashing is the slow part
    rows = []
    for i in range(count):
        email = f"laadtest-{i}@school-{'ab'[i % 2]}.example"
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": "Laad", "last_name": f"Test {i}"}
        )
        if created:
            user.password = hashed
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            organisation=schools[i % 2], user=user, role=Role.SCHOOLGEBRUIKER
        )
        enrol(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
        rows.append(
            {
                "email": email,
                "password": DEMO_PASSWORD,
                "key": device.key,
                "step": device.step,
                "t0": device.t0,
                "digits": device.digits,
                "drift": device.drift,
            }
        )
    return rows


def public_urls():
    from bench.http_targets import first_url
    from content.handleidingen import HandleidingIndexPage, HandleidingPage
    from content.nieuwsbrieven.models import NewsletterIndexPage, NewsletterPage
    from kennisbank.models import KennisbankArticlePage, KennisbankIndexPage

    pages = [
        KennisbankIndexPage,
        HandleidingIndexPage,
        HandleidingPage,
        NewsletterIndexPage,
        NewsletterPage,
    ]
    urls = ["/", *(first_url(model) for model in pages)]
    articles = KennisbankArticlePage.objects.live().order_by("path")[:5]
    urls += [article.url for article in articles]
    return [url for url in urls if url]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    json.dump({"public": public_urls(), "accounts": accounts(count)}, sys.stdout)
