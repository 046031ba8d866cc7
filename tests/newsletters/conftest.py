"""Fixtures for the newsletter tests: the archive page, lists, subscribers, a published issue."""

import datetime
import re

import pytest
from wagtail.rich_text import RichText

from content.nieuwsbrieven.models import (
    NewsletterIndexPage,
    NewsletterList,
    NewsletterPage,
    Subscriber,
    Subscription,
)
from content.nieuwsbrieven.subscriptions import record_imported_consent
from tests.conftest import ensure_site_tree
from tests.dovecot import dovecot  # noqa: F401 (a real IMAP/POP3 server)


@pytest.fixture
def archive(db):
    home = ensure_site_tree()
    page = NewsletterIndexPage(title="Nieuwsbrieven", slug="nieuwsbrieven")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def lists(db):
    return {
        "po": NewsletterList.objects.create(name="Scholen PO", sort_order=1),
        "vo": NewsletterList.objects.create(name="Scholen VO", sort_order=2),
        "prof": NewsletterList.objects.create(name="Professionals", sort_order=3),
    }


def make_issue(archive, title="Nieuwsbrief mei", slug=None, publish=True, **kwargs):
    body = kwargs.pop(
        "body",
        [
            ("heading", {"text": "Ondersteuningsaanvragen", "level": "h2"}),
            ("paragraph", RichText('<p>Lees de <a href="https://example.org/x">uitleg</a>.</p>')),
            (
                "oproep",
                {
                    "title": "Besluit doorgeven",
                    "text": RichText("<p>Geef je keuze door.</p>"),
                    "deadline": datetime.date(2026, 5, 22),
                    "link_label": "Doorgeven",
                    "link_url": "https://example.org/keuze",
                },
            ),
        ],
    )
    page = NewsletterPage(title=title, slug=slug or re.sub(r"\W+", "-", title.lower()), **kwargs)
    page.body = body
    page.live = publish
    archive.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def issue(archive):
    return make_issue(archive, intro="Korte samenvatting.")


def subscribe_active(email, *newsletter_lists):
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    record_imported_consent(subscriber, newsletter_lists, "test", None)
    return subscriber


def active_lists(subscriber):
    return set(
        subscriber.subscriptions.filter(status=Subscription.Status.ACTIVE).values_list(
            "newsletter_list__name", flat=True
        )
    )


def link_from(text, name):
    """The first /nieuwsbrieven/<name>/<token>/ link in a mail body (path + query)."""
    match = re.search(r"http://testserver(/nieuwsbrieven/" + name + r"/[^\s\"<>]+)", text)
    assert match, text
    return match.group(1).replace("&amp;", "&")
