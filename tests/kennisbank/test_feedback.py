""" "Was dit artikel nuttig?": one vote per session, optional comment on "nee", editor report."""

import pytest

from devkit.clients import login_verified
from kennisbank.models import ArticleFeedback

pytestmark = pytest.mark.django_db


def vote(client, article, answer, comment=""):
    """The article's Ja/Nee form, as a browser posts it (with this site's Origin)."""
    return client.post(
        f"/zoeken/nuttig/{article.pk}/",
        {"nuttig": answer, "toelichting": comment},
        HTTP_ORIGIN="http://testserver",
    )


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


def comment(client, article, text):
    return client.post(article.url + "nuttig/", {"stap": "toelichting", "toelichting": text})


def test_the_article_asks_ja_or_nee_first_without_a_comment_box(client, kennisbank):
    page = client.get(kennisbank["archief"].url).content.decode()
    assert 'value="ja"' in page and 'value="nee"' in page
    assert "Wat miste je?" not in page
    assert "textarea" not in page


def test_ja_thanks_and_offers_no_comment(client, kennisbank):
    article = kennisbank["archief"]
    response = vote(client, article, "ja", "deze tekst wordt niet bewaard")
    page = client.get(response["Location"]).content.decode()
    assert "Bedankt voor je reactie" in page
    assert "Wat miste je?" not in page
    assert comment(client, article, "toch nog iets").status_code == 302
    feedback = ArticleFeedback.objects.get(article=article)
    assert (feedback.helpful, feedback.comment) == (True, "")


def test_nee_records_the_vote_then_asks_what_was_missing_once(client, kennisbank):
    article = kennisbank["archief"]
    vote(client, article, "nee")
    feedback = ArticleFeedback.objects.get(article=article)
    assert (feedback.helpful, feedback.comment) == (False, "")
    page = client.get(article.url).content.decode()
    assert "Wat miste je?" in page
    assert 'name="stap" value="toelichting"' in page
    assert 'value="nee"' not in page  # no second vote
    response = comment(client, article, "  Hoe archiveer ik bij een TLV?  ")
    assert response["Location"].endswith(article.url + "#feedback")
    feedback.refresh_from_db()
    assert feedback.comment == "Hoe archiveer ik bij een TLV?"
    page = client.get(article.url).content.decode()
    assert "Wat miste je?" not in page
    assert "je hebt dit artikel beoordeeld" in page
    # Once: a second comment neither overwrites nor adds a vote.
    comment(client, article, "Nog iets")
    feedback.refresh_from_db()
    assert feedback.comment == "Hoe archiveer ik bij een TLV?"
    assert ArticleFeedback.objects.count() == 1
    assert "al een toelichting" in client.get(article.url).content.decode()


def test_an_empty_comment_closes_the_step(client, kennisbank):
    article = kennisbank["archief"]
    vote(client, article, "nee")
    comment(client, article, "   ")
    assert ArticleFeedback.objects.get(article=article).comment == ""
    assert "Wat miste je?" not in client.get(article.url).content.decode()


def test_a_comment_without_a_nee_vote_is_not_stored(client, kennisbank):
    response = comment(client, kennisbank["archief"], "Zomaar een opmerking")
    assert response.status_code == 302
    assert not ArticleFeedback.objects.exists()


def test_the_comment_of_one_article_does_not_go_to_another(client, kennisbank):
    vote(client, kennisbank["archief"], "nee")
    comment(client, kennisbank["overdracht"], "Verkeerd artikel")
    assert not ArticleFeedback.objects.exclude(comment="").exists()
    assert "Wat miste je?" in client.get(kennisbank["archief"].url).content.decode()


def test_too_long_or_nul_comments_are_refused_and_the_box_stays(client, kennisbank):
    article = kennisbank["archief"]
    vote(client, article, "nee")
    comment(client, article, "x" * 1001)
    page = client.get(article.url).content.decode()
    assert "te lang" in page and "Wat miste je?" in page
    response = comment(client, article, "Stap\x00 11")
    assert response.status_code == 400
    assert "niet zijn toegestaan" in response.content.decode()
    assert ArticleFeedback.objects.get(article=article).comment == ""
    comment(client, article, "Stap 11 ontbreekt")
    assert ArticleFeedback.objects.get(article=article).comment == "Stap 11 ontbreekt"


def test_the_comment_step_is_rate_limited(client, kennisbank, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback_ip": "1/60"}
    article = kennisbank["archief"]
    vote(client, article, "nee")
    assert comment(client, article, "Te snel").status_code == 429
    assert ArticleFeedback.objects.get(article=article).comment == ""


def test_feedback_stores_no_personal_data():
    fields = {field.name for field in ArticleFeedback._meta.get_fields()}
    assert fields == {"id", "article", "helpful", "comment", "created_at"}


def test_bad_votes_are_refused_with_a_message(client, kennisbank):
    article = kennisbank["archief"]
    response = vote(client, article, "misschien")
    assert response.status_code == 302
    assert not ArticleFeedback.objects.exists()
    assert "Kies Ja of Nee" in client.get(article.url).content.decode()
    # GET on the vote URL just goes back to the article
    assert client.get(article.url + "nuttig/").status_code == 302


def test_votes_are_protected_against_cross_site_posts(kennisbank):
    """The comment step keeps Django's CSRF token; the Ja/Nee step, posted from a page
    the cache may store, checks the Origin instead (tests/kennisbank/test_vote_origin.py)."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    article = kennisbank["archief"]
    assert strict.post(article.url + "nuttig/", {"nuttig": "ja"}).status_code == 403
    assert comment(strict, article, "Zonder token").status_code == 403
    forged = strict.post(
        f"/zoeken/nuttig/{article.pk}/", {"nuttig": "ja"}, HTTP_ORIGIN="https://elders.example"
    )
    assert forged.status_code == 403
    assert not ArticleFeedback.objects.exists()
    assert vote(strict, article, "ja").status_code == 302  # from this site: counted


def test_editors_see_counts_and_comments(client, kennisbank, users):
    from django.test import Client

    for answer, text in [("ja", ""), ("nee", "Stap 11 ontbreekt"), ("nee", "")]:
        reader = Client()
        vote(reader, kennisbank["archief"], answer)
        if text:
            comment(reader, kennisbank["archief"], text)
    admin = login_verified(client, users["redacteur"])
    response = admin.get("/admin/kennisbank/feedback/")
    assert response.status_code == 200
    row = response.context["articles"][0]
    assert (row.title, row.yes, row.no) == ("Een dossier afronden", 1, 2)
    assert "Stap 11 ontbreekt" in response.content.decode()
