"""The public archive, the issue page, the e-mail rendering and the demo content."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from content.nieuwsbrieven import demo as newsletter_demo
from content.nieuwsbrieven.models import NewsletterList, NewsletterPage, Subscriber
from content.nieuwsbrieven.rendering import render_issue

from .conftest import make_issue

pytestmark = pytest.mark.django_db


def test_archive_lists_published_issues_only(client, archive, issue):
    make_issue(archive, title="Nog een concept", publish=False)
    response = client.get("/nieuwsbrieven/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert issue.title in body and "Nog een concept" not in body
    assert "/nieuwsbrieven/aanmelden/" in body


def test_archive_query_count_does_not_grow_with_issues(
    client, archive, django_assert_max_num_queries
):
    make_issue(archive, title="Eerste")
    client.get("/nieuwsbrieven/")  # warm the content type and site caches
    with django_assert_max_num_queries(12) as few:
        client.get("/nieuwsbrieven/")
    baseline = len(few.captured_queries)
    for n in range(15):
        make_issue(archive, title=f"Nummer {n}")
    client.get("/nieuwsbrieven/")
    with django_assert_max_num_queries(baseline):
        response = client.get("/nieuwsbrieven/")
    assert "Nummer 14" in response.content.decode()


def test_issue_page_renders_every_block(client, archive):
    image = Image.objects.create(title="Foto", file=get_test_image_file())
    page = make_issue(
        archive,
        title="Alle blokken",
        body=[
            ("heading", {"text": "Kop twee", "level": "h2"}),
            ("paragraph", RichText("<p>Tekst met <b>vet</b>.</p>")),
            ("button", {"label": "Naar het loket", "page": archive, "url": ""}),
            ("image", {"image": image, "alt": "Een foto", "caption": "Onderschrift"}),
            (
                "oproep",
                {
                    "title": "Geef je besluit door",
                    "text": RichText("<p>Graag.</p>"),
                    "deadline": datetime.date(2026, 5, 22),
                    "link_label": "",
                    "link_url": "",
                },
            ),
            ("page_link", {"page": archive, "label": "", "description": "Het archief"}),
        ],
    )
    body = client.get(page.url).content.decode()
    assert body.count("<h1") == 1
    assert "Kop twee" in body and "Uiterlijk vrijdag 22 mei 2026" in body
    assert 'alt="Een foto"' in body and "Onderschrift" in body

    rendered = render_issue(page)
    assert 'src="http://testserver/media/images/' in rendered.html
    assert 'href="http://testserver/nieuwsbrieven/"' in rendered.html
    assert '<p style="' in rendered.html and "<style" not in rendered.html
    assert "Uiterlijk vrijdag 22 mei 2026" in rendered.text
    assert "Naar het loket: http://testserver/nieuwsbrieven/" in rendered.text
    assert "<" not in rendered.text.replace("<http", "")


def test_email_preview_mode(issue):
    assert ("email", "E-mail") in [(m, str(label)) for m, label in issue.preview_modes]
    response = issue.make_preview_request(preview_mode="email")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'style="' in html and "Ondersteuningsaanvragen" in html
    assert 'href="#afmelden"' in html


def test_reserved_slug_is_refused(archive):
    page = NewsletterPage(title="Aanmelden", slug="aanmelden")
    page.set_url_path(archive)
    with pytest.raises(ValidationError):
        page.full_clean()


def test_demo_content_is_fictional_and_idempotent():
    newsletter_demo.run()
    counts = (
        NewsletterPage.objects.count(),
        NewsletterList.objects.count(),
        Subscriber.objects.count(),
    )
    newsletter_demo.run()
    assert counts == (2, 3, 5)
    assert (
        NewsletterPage.objects.count(),
        NewsletterList.objects.count(),
        Subscriber.objects.count(),
    ) == counts
    assert all(e.endswith(".example") for e in Subscriber.objects.values_list("email", flat=True))
    text = " ".join(str(p.body.raw_data) for p in NewsletterPage.objects.all())
    for real in ("Augusta", "Oene", "06-13", "perspectiefopschool", "swvutrechtpo", "zendesk"):
        assert real not in text
    assert all(p.live for p in NewsletterPage.objects.all())


def test_plain_text_keeps_link_addresses_and_paragraphs():
    from content.nieuwsbrieven.rendering import absolutize, html_to_text

    html = (
        '<p>Mail <a href="mailto:helpdesk@swv.example">de helpdesk</a>.</p>'
        '<p>Zie <a href="/kennisbank/">de kennisbank</a> &amp; meer.</p><ul><li>een</li></ul>'
    )
    assert html_to_text(html) == (
        "Mail de helpdesk (mailto:helpdesk@swv.example).\n\n"
        "Zie de kennisbank (http://testserver/kennisbank/) & meer.\n\n- een"
    )
    assert 'href="mailto:helpdesk@swv.example"' in absolutize(html)
    assert 'href="http://testserver/kennisbank/"' in absolutize(html)


def test_demo_dates_follow_the_day_the_demo_runs():
    """Run in September 2028, the recent issue is of May 2028 and announces school year
    2028-2029; the FAQ issue is of 2026. The same two issues exist whatever the date."""
    import time_machine

    with time_machine.travel(datetime.datetime(2028, 9, 1, 10, 0)):
        newsletter_demo.run()
    issues = {page.slug: page for page in NewsletterPage.objects.all()}
    assert set(issues) == {
        "extra-nieuwsbrief-top-dossier",
        "nieuwsbrief-top-dossier-veelgestelde-vragen",
    }
    recent = issues["extra-nieuwsbrief-top-dossier"]
    faq = issues["nieuwsbrief-top-dossier-veelgestelde-vragen"]
    assert recent.issue_date == datetime.date(2028, 5, 12)
    assert faq.issue_date == datetime.date(2026, 4, 18)
    recent_text = str(recent.body.raw_data)
    assert "schooljaar 2028-2029" in recent_text
    assert "17 juli 2028" in recent_text and "1 augustus 2028" in recent_text
    assert "2026-2027" not in recent_text
    faq_text = str(faq.body.raw_data)
    # The meeting is on the third Thursday of May, as in the seed (16 May 2024).
    assert "donderdag 21 mei" in faq_text
    assert "2026-05-21" in faq_text


def test_demo_years_turn_on_the_twelfth_of_may():
    assert newsletter_demo.demo_years(datetime.date(2028, 5, 11)) == (2027, 2025)
    assert newsletter_demo.demo_years(datetime.date(2028, 5, 12)) == (2028, 2026)
    assert newsletter_demo.third_thursday_of_may(2024) == datetime.date(2024, 5, 16)


def test_issue_page_shows_a_published_change_at_once(
    client, archive, issue, derived_cache_on, django_assert_num_queries
):
    """The issue keeps its rendered body between publishes (``NewsletterPage.shown``):
    no query on a repeated view, and never the old text after a publish."""
    linked = make_issue(archive, title="Nieuwsbrief april")
    issue.body = [
        ("heading", {"text": "Ondersteuningsaanvragen", "level": "h2"}),
        ("page_link", {"page": linked, "label": "", "description": ""}),
    ]
    issue.save_revision().publish()
    assert "Nieuwsbrief april" in client.get(issue.url).content.decode()
    with django_assert_num_queries(0):
        client.get(issue.url)

    issue.body = [("heading", {"text": "Arrangementen in juni", "level": "h2"})]
    issue.save_revision().publish()
    html = client.get(issue.url).content.decode()
    assert "Arrangementen in juni" in html and "Ondersteuningsaanvragen" not in html

    # A change to the linked issue shows too: its publish starts a new generation.
    issue.body = [("page_link", {"page": linked, "label": "", "description": ""})]
    issue.save_revision().publish()
    client.get(issue.url)
    linked.title = "Nieuwsbrief april (herzien)"
    linked.save_revision().publish()
    assert "Nieuwsbrief april (herzien)" in client.get(issue.url).content.decode()
