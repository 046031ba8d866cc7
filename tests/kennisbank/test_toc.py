"""Table of contents on articles with three or more headings, made while rendering."""

import pytest

from kennisbank.models import KennisbankArticlePage
from kennisbank.toc import add_heading_ids, nest
from tests.kennisbank.conftest import add_article


def test_headings_get_slugged_unique_ids_that_avoid_the_pages_own():
    html, headings = add_heading_ids(
        '<h2 data-block-key="a">Wat is een TLV?</h2><p>x</p><h3>Stappen &amp; tijd</h3>'
        "<h2>Wat is een TLV?</h2><h2>Feedback</h2><h3>  </h3><h4>Niet mee</h4>"
    )
    assert [h["id"] for h in headings] == [
        "wat-is-een-tlv",
        "stappen-tijd",
        "wat-is-een-tlv-2",
        "feedback-2",
    ]
    assert headings[1] == {"level": 3, "id": "stappen-tijd", "text": "Stappen & tijd"}
    assert '<h2 data-block-key="a" id="wat-is-een-tlv">Wat is een TLV?</h2>' in html
    assert "<h4>Niet mee</h4>" in html


def test_an_existing_id_is_kept_and_h3s_nest_under_their_h2():
    _html, headings = add_heading_ids('<h3>Los</h3><h2 id="eigen">Eén</h2><h3>Twee</h3>')
    tree = nest(headings)
    assert [t["id"] for t in tree] == ["los", "eigen"]
    assert [c["text"] for c in tree[1]["children"]] == ["Twee"]


def long_article(category):
    article = add_article(category, "Een lange handleiding")
    article.body = [
        ("text", "<h2>Voorbereiden</h2><p>Eerst dit.</p><h3>Wat je nodig hebt</h3><p>x</p>"),
        ("steps", {"heading": "Aanvragen", "steps": [{"title": "Stap", "text": "<p>y</p>"}]}),
        ("text", "<h2>Na het besluit</h2><p>z</p>"),
    ]
    article.save_revision().publish()
    return KennisbankArticlePage.objects.get(pk=article.pk)


@pytest.mark.django_db
def test_a_long_article_lists_its_headings_with_anchor_links(client, kennisbank):
    article = long_article(kennisbank["dossier"])
    page = client.get(article.url).content.decode()
    assert 'aria-labelledby="inhoudsopgave-kop"' in page
    for anchor in ["voorbereiden", "wat-je-nodig-hebt", "aanvragen", "na-het-besluit"]:
        assert f'href="#{anchor}"' in page
        assert f'id="{anchor}"' in page
    assert page.index("inhoudsopgave-kop") < page.index('id="voorbereiden"')
    # Stable: the same ids on the next visit.
    assert client.get(article.url).content.decode().count('id="na-het-besluit"') == 1


@pytest.mark.django_db
def test_a_short_article_has_no_table_of_contents(client, kennisbank):
    page = client.get(kennisbank["archief"].url).content.decode()
    assert "inhoudsopgave-kop" not in page
    assert "stap 11" in page
