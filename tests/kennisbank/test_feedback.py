""" "Was dit artikel nuttig?": one vote per session, optional comment on "nee", editor report."""

import pytest

from kennisbank.models import ArticleFeedback
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def vote(client, article, answer, comment=""):
    return client.post(article.url + "nuttig/", {"nuttig": answer, "toelichting": comment})


def test_a_session_votes_once_per_article(client, kennisbank):
    article = kennisbank["archief"]
    response = vote(client, article, "ja")
    assert response.status_code == 302
    assert response["Location"].endswith(article.url + "#feedback")
    vote(client, article, "nee", "Toch nog een vraag")
    assert ArticleFeedback.objects.filter(article=article).count() == 1
    page = client.get(article.url).content.decode()
    assert "je hebt dit artikel beoordeeld" in page
    # Another article is a new vote; another browser too.
    vote(client, kennisbank["overdracht"], "ja")
    from django.test import Client

    vote(Client(), article, "ja")
    assert ArticleFeedback.objects.filter(article=article, helpful=True).count() == 2


def test_no_keeps_the_comment_and_yes_drops_it(client, kennisbank):
    vote(client, kennisbank["archief"], "nee", "  Hoe archiveer ik bij een TLV?  ")
    vote(client, kennisbank["overdracht"], "ja", "deze tekst wordt niet bewaard")
    no = ArticleFeedback.objects.get(article=kennisbank["archief"])
    yes = ArticleFeedback.objects.get(article=kennisbank["overdracht"])
    assert (no.helpful, no.comment) == (False, "Hoe archiveer ik bij een TLV?")
    assert (yes.helpful, yes.comment) == (True, "")


def test_feedback_stores_no_personal_data():
    fields = {field.name for field in ArticleFeedback._meta.get_fields()}
    assert fields == {"id", "article", "helpful", "comment", "created_at"}


def test_bad_votes_are_refused_with_a_message(client, kennisbank):
    article = kennisbank["archief"]
    response = vote(client, article, "misschien")
    assert response.status_code == 302
    response = vote(client, article, "nee", "x" * 1001)
    assert not ArticleFeedback.objects.exists()
    page = client.get(article.url).content.decode()
    assert "te lang" in page
    # GET on the vote URL just goes back to the article
    assert client.get(article.url + "nuttig/").status_code == 302


def test_vote_needs_csrf(kennisbank):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert vote(strict, kennisbank["archief"], "ja").status_code == 403
    assert not ArticleFeedback.objects.exists()


def test_editors_see_counts_and_comments(client, kennisbank, users):
    from django.test import Client

    for answer, comment in [("ja", ""), ("nee", "Stap 11 ontbreekt"), ("nee", "")]:
        vote(Client(), kennisbank["archief"], answer, comment)
    admin = login_verified(client, users["redacteur"])
    response = admin.get("/admin/kennisbank/feedback/")
    assert response.status_code == 200
    row = response.context["articles"][0]
    assert (row.title, row.yes, row.no) == ("Een dossier afronden", 1, 2)
    assert "Stap 11 ontbreekt" in response.content.decode()
