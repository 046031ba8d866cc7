"""After ``manage.py demo`` every demo account can click around without a server error.

Each account opens the public pages, every live page of the tree, its own areas
(Mijn loket, concepten, inzage) and, for SWV staff, every item of the Wagtail
admin menu it is shown. The menu is read from the page, so new menu items are
covered automatically.
"""

import html
import json
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from accounts.demo import ACCOUNTS
from accounts.models import User
from devkit.clients import login_verified

PUBLIC = ["/", "/kennisbank/", "/handleidingen/", "/nieuwsbrieven/", "/zoeken/?q=archiveren"]
OWN_AREAS = ["/loket/", "/loket/concepten/", "/loket/aanvragen/nieuw/", "/inzage/"]


def admin_menu_urls(dashboard_html):
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        dashboard_html,
        re.S,
    )
    assert match, "the admin sidebar props are on the dashboard"
    props = html.unescape(match.group(1))
    urls = set(re.findall(r'"url": "(/admin/[^"]*)"', props))
    json.loads(props)  # it is real JSON, so the regex read real menu entries
    return sorted(urls)


@pytest.mark.slow
@pytest.mark.django_db
def test_every_demo_account_clicks_around_without_errors(client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page_urls = [p.url for p in Page.objects.live().specific() if p.url and p.depth > 1]
    assert len(page_urls) > 20, "the demo fills the page tree"
    errors = []
    admin_urls_seen = set()
    for email, *_rest in ACCOUNTS:
        user = User.objects.get(email=email)
        client.logout()
        login_verified(client, user)
        for url in PUBLIC + OWN_AREAS + page_urls:
            status = client.get(url).status_code
            if status >= 500:
                errors.append((email, url, status))
        dashboard = client.get("/admin/")
        if user.has_perm("wagtailadmin.access_admin"):
            assert dashboard.status_code == 200, email
            for url in admin_menu_urls(dashboard.content.decode()):
                admin_urls_seen.add(url)
                status = client.get(url).status_code
                if status >= 500:
                    errors.append((email, url, status))
        else:
            assert dashboard.status_code == 302, email
    assert not errors, errors
    # The walk really reached the SWV's admin areas.
    assert len(admin_urls_seen) > 10, admin_urls_seen
