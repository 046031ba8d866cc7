""" "Stel je vraag" at the end of each article: a mailto with the article title as
subject and the phone number, both from the site settings."""

import pytest
from wagtail.models import Site

from cms.models import SiteSettings
from tests.kennisbank.conftest import add_article

pytestmark = pytest.mark.django_db


def set_helpdesk(**values):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"helpdesk_email": "", "helpdesk_phone": "", **values},
    )


def ask_section(html):
    start = html.index('id="stel-je-vraag"')
    return html[start : html.index("</section>", start)]


def test_the_article_ends_with_a_mailto_and_the_phone_number(client, kennisbank):
    set_helpdesk(helpdesk_email="helpdesk@swv.example", helpdesk_phone="012 345 6789")
    article = add_article(kennisbank["dossier"], "TLV & OPP: wat/hoe?")
    section = ask_section(client.get(article.url).content.decode())
    assert "Stel je vraag" in section
    # The title is URL-encoded once (not HTML-escaped first).
    assert 'href="mailto:helpdesk@swv.example?subject=TLV%20%26%20OPP%3A%20wat%2Fhoe%3F"' in section
    assert 'href="tel:0123456789"' in section


def test_without_a_phone_number_only_the_mail_link(client, kennisbank):
    set_helpdesk(helpdesk_email="vragen@swv.example")
    section = ask_section(client.get(kennisbank["archief"].url).content.decode())
    assert "mailto:vragen@swv.example?subject=Een%20dossier%20afronden" in section
    assert "tel:" not in section


def test_without_any_helpdesk_contact_the_section_is_left_out(client, kennisbank):
    set_helpdesk()
    assert 'id="stel-je-vraag"' not in client.get(kennisbank["archief"].url).content.decode()
