"""Helper of ``bench.http``: the URLs to measure, login cookies, and queries per request.

Runs in its own process under the settings the server uses (production, the bench
database), prints one JSON list. Not a benchmark of its own: ``python -m bench http``.
Logged-in sessions are made directly in the session store (a verified second factor
included), so the load generator can send them as a cookie.
"""

import json
import os
import sys

import django


def first_url(model):
    page = model.objects.live().order_by("path").first()
    return page.url if page else None


def make_session(email):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(email=email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def search_words(n=200):
    """``n`` words of the demo kennisbank (plain a-z, so they need no URL encoding),
    spread over the alphabet."""
    import re

    from kennisbank.search.suggest import build_vocabulary

    words = sorted(w for w in build_vocabulary() if re.fullmatch(r"[a-z]{5,}", w))
    step = max(1, len(words) // n)
    return words[::step][:n]


def targets():
    from django.urls import reverse

    from content.handleidingen import HandleidingIndexPage, HandleidingPage
    from content.nieuwsbrieven.models import NewsletterIndexPage, NewsletterPage
    from kennisbank.models import KennisbankArticlePage, KennisbankIndexPage

    public = [
        ("home", "/"),
        ("kennisbank", first_url(KennisbankIndexPage)),
        ("artikel", first_url(KennisbankArticlePage)),
        ("handleidingen", first_url(HandleidingIndexPage)),
        ("handleiding", first_url(HandleidingPage)),
        ("nieuwsbrieven", first_url(NewsletterIndexPage)),
        ("nieuwsbrief", first_url(NewsletterPage)),
    ]
    rows = [{"name": n, "url": u, "cookie": "", "kind": "public"} for n, u in public if u]
    rows.append({"name": "zoeken", "url": "/zoeken/?q=archiveren", "cookie": "", "kind": "search"})
    # Every request a different query of two words from the kennisbank: what a search
    # costs when its result list is not kept yet (kennisbank.search.views.kept_result_list).
    words = search_words()
    rows.append(
        {
            "name": "zoeken (steeds nieuw)",
            "url": f"/zoeken/?q={words[0]}+{words[1]}",
            "count_urls": [
                f"/zoeken/?q={words[2]}+{words[3]}",
                f"/zoeken/?q={words[4]}+{words[5]}",
            ],
            "words": words,
            "cookie": "",
            "kind": "search-new",
        }
    )
    private = [
        ("mijn loket", "/loket/", "ib@school-a.example"),
        ("swv inbox", reverse("loket_admin:index"), "consulent@swv.example"),
        ("inzage", "/inzage/", "extern@cleo.example"),
    ]
    for name, url, email in private:
        rows.append({"name": name, "url": url, "cookie": make_session(email), "kind": "private"})
    return rows


def count_queries(rows):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for row in rows:
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        headers = {"cookie": row["cookie"]} if row["cookie"] else {}
        # Warm per-process caches; a search keeps its list from its second time on.
        *warm, measured = row.get("count_urls") or [row["url"]] * 3
        for url in warm:
            client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(measured, headers=headers)
        row["status"] = response.status_code
        row["queries"] = len(ctx)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    rows = targets()
    count_queries(rows)
    json.dump(rows, sys.stdout)
