"""Index, category and article pages as a visitor sees them."""

import pytest

from kennisbank.models import PromotedArticle, RelatedArticle

pytestmark = pytest.mark.django_db


def test_index_lists_categories_with_counts_and_promoted_articles(client, kennisbank):
    PromotedArticle.objects.create(page=kennisbank["index"], article=kennisbank["tweestaps"])
    response = client.get("/kennisbank/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dossier en overdracht" in html
    assert "3 artikelen" in html
    assert "1 artikel<" in html
    assert "Uitgelicht" in html and "Tweestapsverificatie instellen" in html
    assert html.count("<h1") == 1


def test_category_lists_its_articles_with_breadcrumbs(client, kennisbank):
    response = client.get("/kennisbank/dossier/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een dossier afronden" in html and "Overdracht naar een andere school" in html
    assert "Tweestapsverificatie" not in html
    assert 'aria-label="Kruimelpad"' in html and 'href="/kennisbank/"' in html


def test_article_shows_meta_related_and_previous_next(client, kennisbank):
    response = client.get(kennisbank["overdracht"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Laatst bijgewerkt" in html
    assert "Schoolmodule" in html
    assert 'href="/kennisbank/zoeken/?q=overdracht"' in html  # labels lead to a search
    # previous and next within the category
    assert 'rel="prev"' in html and "Een dossier afronden" in html
    assert 'rel="next"' in html and "Een aanvraag in het loket volgen" in html
    # related: computed from the shared label "dossier"
    related = kennisbank["overdracht"].related_articles()
    assert related[0] == kennisbank["archief"]
    assert kennisbank["tweestaps"] not in related


def test_chosen_related_articles_win_over_computed_ones(kennisbank):
    article = kennisbank["archief"]
    RelatedArticle.objects.create(page=article, article=kennisbank["tweestaps"])
    assert article.related_articles() == [kennisbank["tweestaps"]]


def test_draft_articles_are_not_shown(client, kennisbank):
    kennisbank["loket"].unpublish()
    assert client.get(kennisbank["loket"].url).status_code == 404
    assert (
        "Een aanvraag in het loket volgen"
        not in client.get("/kennisbank/dossier/").content.decode()
    )
