"""Sections within categories: index → category → section → article, next to loose articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kennisbank.demo.bulk import bulk_create_articles
from kennisbank.models import KennisbankSectionPage, article_counts
from kennisbank.popularity import popular_articles, record_view
from tests.kennisbank.conftest import add_article

pytestmark = pytest.mark.django_db


def add_section(category, title, slug):
    section = category.add_child(instance=KennisbankSectionPage(title=title, slug=slug))
    section.save_revision().publish()
    section.refresh_from_db()
    return section


@pytest.fixture
def sections(kennisbank):
    dossier = kennisbank["dossier"]
    afronden = add_section(dossier, "Afronden en overdragen", "afronden")
    schooljaar = add_section(dossier, "Nieuw schooljaar", "schooljaar")
    return {
        "afronden": afronden,
        "schooljaar": schooljaar,
        "tlv": add_article(
            afronden,
            "Archiveren na een TLV",
            body="Archiveren kan vijf werkdagen na de TLV-aanvraag.",
            tags=["dossier"],
        ),
        "overdragen": add_article(afronden, "Een dossier overdragen naar het VO"),
        "domeinen": add_article(schooljaar, "Domeinen aanpassen"),
    }


def test_the_category_lists_sections_with_their_articles_then_loose_articles(
    client, kennisbank, sections
):
    response = client.get(kennisbank["dossier"].url)
    page = response.content.decode()
    order = [
        "Afronden en overdragen",
        "Archiveren na een TLV",
        "Een dossier overdragen naar het VO",
        "Nieuw schooljaar",
        "Domeinen aanpassen",
        "Overige artikelen",
        "Een dossier afronden",  # the fixture's articles sit in the category itself
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert [s.article_count for s in response.context["sections"]] == [2, 1]


def test_the_section_page_lists_its_articles_with_breadcrumbs(client, kennisbank, sections):
    response = client.get(sections["afronden"].url)
    assert response.status_code == 200
    titles = [a.title for a in response.context["articles"]]
    assert titles == ["Archiveren na een TLV", "Een dossier overdragen naar het VO"]
    crumbs = [c.title for c in response.context["breadcrumbs"]]
    assert crumbs == ["Kennisbank", "Dossier en overdracht"]


def test_article_in_a_section_has_the_section_in_its_breadcrumbs_and_siblings(client, sections):
    response = client.get(sections["tlv"].url)
    assert response.status_code == 200
    crumbs = [c.title for c in response.context["breadcrumbs"]]
    assert crumbs == ["Kennisbank", "Dossier en overdracht", "Afronden en overdragen"]
    assert response.context["next_article"].title == "Een dossier overdragen naar het VO"
    assert response.context["previous_article"] is None
    assert response.context["related"]  # from the shared label and the section


def test_search_counts_and_popularity_include_articles_in_sections(client, kennisbank, sections):
    response = client.get("/zoeken/", {"q": "archiveren"})
    assert "Archiveren na een TLV" in [hit.title for hit in response.context["hits"]]
    response = client.get("/kennisbank/zoeken/", {"q": "domeinen"})
    assert "Domeinen aanpassen" in [hit.title for hit in response.context["hits"]]
    assert article_counts(kennisbank["index"])[kennisbank["dossier"].path] == 6
    record_view(sections["domeinen"])
    assert popular_articles()[0].title == "Domeinen aanpassen"
    assert client.post(f"/zoeken/gelezen/{sections['tlv'].id}/").status_code == 204


def test_a_section_accepts_only_articles_and_lives_only_in_a_category():
    from kennisbank.models import KennisbankArticlePage, KennisbankCategoryPage

    assert KennisbankSectionPage.allowed_subpage_models() == [KennisbankArticlePage]
    assert KennisbankSectionPage.allowed_parent_page_models() == [KennisbankCategoryPage]
    assert KennisbankSectionPage in KennisbankCategoryPage.allowed_subpage_models()
    assert KennisbankArticlePage in KennisbankCategoryPage.allowed_subpage_models()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_category_page_queries_do_not_grow_with_articles_or_sections(
    client, kennisbank, sections, django_assert_max_num_queries
):
    dossier = kennisbank["dossier"]
    url = dossier.url
    client.get(url)  # warm up: content types, site root paths
    small = count_queries(client, url)
    bulk_create_articles(sections["afronden"], 4, prefix="afronden")
    bulk_create_articles(sections["schooljaar"], 12, prefix="schooljaar")  # past the preview
    bulk_create_articles(dossier, 4, prefix="los")
    add_section(dossier, "Derde sectie", "derde")
    client.get(url)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    counts = [s.article_count for s in response.context["sections"]]
    assert counts == [6, 13, 0]
    assert len(response.context["sections"][1].preview) == 10
    assert "Alle 13 artikelen in Nieuw schooljaar" in response.content.decode()
