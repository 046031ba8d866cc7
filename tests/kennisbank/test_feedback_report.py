"""Vote totals and comments per article for redacteuren: the report's drill-down and
the read-only panel in the article editor."""

import pytest
from django.test import Client

from devkit.clients import login_verified
from kennisbank.feedback_panel import LATEST_COMMENTS
from kennisbank.models import ArticleFeedback
from kennisbank.reports import COMMENTS_PER_PAGE

pytestmark = pytest.mark.django_db

REPORT = "/admin/kennisbank/feedback/"


def give_feedback(article, yes=0, comments=()):
    for _ in range(yes):
        ArticleFeedback.objects.create(article=article, helpful=True)
    for text in comments:
        ArticleFeedback.objects.create(article=article, helpful=False, comment=text)


def test_the_drill_down_shows_totals_and_every_comment_of_one_article(client, kennisbank, users):
    archief, overdracht = kennisbank["archief"], kennisbank["overdracht"]
    give_feedback(archief, yes=2, comments=[f"Opmerking {n}" for n in range(30)] + [""])
    give_feedback(overdracht, comments=["Over de overdracht"])
    login_verified(client, users["redacteur"])
    overview = client.get(REPORT).content.decode()
    assert f"?artikel={archief.id}" in overview
    response = client.get(REPORT, {"artikel": archief.id})
    assert response.status_code == 200
    assert response.context["totals"] == {"yes": 2, "no": 31, "comments": 30}
    page = response.content.decode()
    assert "Over de overdracht" not in page
    assert len(response.context["comments"]) == COMMENTS_PER_PAGE
    assert "Opmerking 29" in page  # newest first
    second = client.get(REPORT, {"artikel": archief.id, "pagina": "2"})
    assert len(second.context["comments"]) == 30 - COMMENTS_PER_PAGE
    assert "Opmerking 0" in second.content.decode()


@pytest.mark.parametrize("value", ["abc", "999999", "1\u00a0", ""])
def test_a_bad_article_id_is_a_404_not_a_500(client, kennisbank, users, value):
    login_verified(client, users["redacteur"])
    assert client.get(REPORT, {"artikel": value}).status_code == 404


@pytest.mark.parametrize("role", ["eindredacteur", "school_a", "beheerder"])
def test_the_drill_down_is_only_for_feedback_readers(client, kennisbank, users, role):
    login_verified(client, users[role])
    response = client.get(REPORT, {"artikel": kennisbank["archief"].id})
    assert response.status_code in (302, 403)


def editor(client, user, article):
    login_verified(client, user)
    response = client.get(f"/admin/pages/{article.id}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_article_editor_shows_totals_and_latest_comments(client, kennisbank, users):
    article = kennisbank["archief"]
    give_feedback(article, yes=3, comments=[f"Toelichting nummer {n}" for n in range(7)])
    page = editor(client, users["redacteur"], article)
    assert "Feedback van lezers" in page
    assert "Ja: 3 · Nee: 7" in page
    assert "Toelichting nummer 6" in page
    assert f"Toelichting nummer {6 - LATEST_COMMENTS}" not in page  # only the latest
    assert f"/admin/kennisbank/feedback/?artikel={article.id}" in page
    # The panel adds nothing to the form: saving a draft still works.
    assert 'name="totals"' not in page


def test_an_editor_without_the_report_permission_does_not_see_the_panel(client, kennisbank, users):
    give_feedback(kennisbank["archief"], comments=["Geheim voor de eindredacteur"])
    page = editor(client, users["eindredacteur"], kennisbank["archief"])
    assert "Feedback van lezers" not in page
    assert "Geheim voor de eindredacteur" not in page


def test_votes_from_the_site_reach_the_panel(client, kennisbank, users):
    article = kennisbank["overdracht"]
    reader = Client()
    reader.post(article.url + "nuttig/", {"nuttig": "nee"})
    reader.post(article.url + "nuttig/", {"stap": "toelichting", "toelichting": "Mis stap 3"})
    page = editor(client, users["redacteur"], article)
    assert "Ja: 0 · Nee: 1" in page and "Mis stap 3" in page
