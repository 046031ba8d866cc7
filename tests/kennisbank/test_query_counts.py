"""Article, category, index and search pages: equal query counts for 10 and 1,000 articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kennisbank.demo.bulk import bulk_create_articles
from kennisbank.models import PromotedArticle

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


def test_query_counts_do_not_grow_with_the_number_of_articles(client, kennisbank):
    dossier = kennisbank["dossier"]
    PromotedArticle.objects.create(page=kennisbank["index"], article=kennisbank["archief"])
    bulk_create_articles(dossier, 6)  # 4 from the fixture + 6 = 10 articles
    article_url = kennisbank["overdracht"].url
    pages = [
        ("/kennisbank/", None),
        ("/kennisbank/dossier/", None),
        ("/kennisbank/dossier/", {"pagina": "2"}),
        (article_url, None),
        ("/zoeken/", {"q": "werkwijze"}),
        ("/zoeken/", {"q": "werkwijze", "doelgroep": "schoolmodule"}),
        ("/kennisbank/zoeken/", {"q": "helpdesk", "doelgroep": "loketmodule"}),
        ("/zoeken/", {"q": "onvindbaarwoord"}),
    ]
    # Warm up once (content types, the query log rows) so both rounds are comparable.
    for url, params in pages:
        client.get(url, params or {})
    small = [count_queries(client, url, params) for url, params in pages]

    bulk_create_articles(dossier, 990, prefix="extra")
    bulk_create_articles(kennisbank["inloggen"], 0)
    large = [count_queries(client, url, params) for url, params in pages]

    assert small == large, list(zip(pages, small, large, strict=True))
    assert max(large) <= MAX_QUERIES
    # The big category really is paginated and the search really finds many.
    response = client.get("/zoeken/", {"q": "werkwijze"})
    assert response.context["results"].paginator.count >= 996
    assert len(response.context["hits"]) == 10
