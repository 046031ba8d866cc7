"""Redacteuren run the kennisbank in Wagtail; schoolgebruikers reach none of it."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Workflow

from devkit.clients import login_verified
from kennisbank.models import KennisbankArticlePage
from kennisbank.workflow import WORKFLOW_NAME, ensure_editorial_workflow
from tests.conftest import ensure_site_tree

pytestmark = pytest.mark.django_db

EDITOR_URLS = [
    "/admin/kennisbank/feedback/",
    "/admin/kennisbank/zonder-resultaat/",
    "/admin/searchpicks/",
    "/admin/searchpicks/add/",
]


@pytest.mark.parametrize("url", EDITOR_URLS)
def test_redacteur_reaches_the_reports_and_promotions(client, users, url):
    login_verified(client, users["redacteur"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["school_a", "externe", "consulent"])
@pytest.mark.parametrize("url", EDITOR_URLS)
def test_others_do_not(client, users, role, url):
    login_verified(client, users[role])
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        # to the login page (no admin access at all) or to the admin dashboard (no permission)
        assert (
            response["Location"].startswith("/account/inloggen/")
            or response["Location"] == "/admin/"
        )


def test_anonymous_is_sent_to_login(client):
    for url in EDITOR_URLS:
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/inloggen/" in response["Location"] or "login" in response["Location"]


def test_schoolgebruiker_cannot_edit_articles(client, users, kennisbank):
    login_verified(client, users["school_a"])
    article = kennisbank["archief"]
    for url in [
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[article.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[kennisbank["dossier"].pk]),
    ]:
        assert client.get(url).status_code in (302, 403)


def test_redacteur_moves_an_article_through_the_workflow(client, users, kennisbank, make_user):
    """concept → ter beoordeling → gepubliceerd, with revisions to compare and revert."""
    from accounts.models import Role

    ensure_editorial_workflow(kennisbank["index"])
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert kennisbank["archief"].get_workflow() == workflow

    author = users["redacteur"]
    login_verified(client, author)
    category = kennisbank["dossier"]
    add_url = reverse(
        "wagtailadmin_pages:add", args=["kennisbank", "kennisbankarticlepage", category.pk]
    )
    form = {
        "title": "Schooljaarovergang",
        "slug": "schooljaarovergang",
        "summary": "Zet lopende dossiers over naar het nieuwe schooljaar.",
        "body-count": "0",
        "tags": "schooljaar",
        "audience": "schoolmodule",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
        "action-submit": "Ter beoordeling indienen",
    }
    response = client.post(add_url, form)
    assert response.status_code == 302, response.context["form"].errors
    article = KennisbankArticlePage.objects.get(slug="schooljaarovergang")
    assert not article.live
    state = article.current_workflow_state
    assert state is not None and state.status == "in_progress"

    # An eindredacteur approves: the article goes live.
    reviewer = make_user(Role.EINDREDACTEUR, email="eindredacteur2@swv.example")
    client.logout()
    login_verified(client, reviewer)
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]
    )
    response = client.post(approve, {"comment": "Prima"})
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live

    # Revisions: compare and revert are reachable.
    first = article.revisions.order_by("created_at").first()
    for url in [
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, "earliest", "live"]),
        reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, first.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_scheduled_publishing(client, users, kennisbank, make_user):
    """A redacteur schedules a change in the editor and submits it to the Redactie workflow;
    once approved it waits, and the ``publish_scheduled`` command (run from cron) publishes it
    when its go-live time has come, not before."""
    import datetime

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Role

    ensure_editorial_workflow(kennisbank["index"])
    article = kennisbank["overdracht"]
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    go_live = go_live.replace(second=0, microsecond=0)

    login_verified(client, users["redacteur"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        {
            "title": "Overdracht (nieuw)",
            "slug": article.slug,
            "summary": article.summary,
            "body-count": "0",
            "tags": "dossier, overdracht",
            "audience": article.audience,
            "related_links-TOTAL_FORMS": "0",
            "related_links-INITIAL_FORMS": "0",
            "related_links-MIN_NUM_FORMS": "0",
            "related_links-MAX_NUM_FORMS": "1000",
            "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
            "action-submit": "Ter beoordeling indienen",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    state = article.current_workflow_state
    assert state is not None and state.status == "in_progress"

    reviewer = make_user(Role.EINDREDACTEUR, email="eindredacteur2@swv.example")
    client.logout()
    login_verified(client, reviewer)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(approve, {"comment": "Prima"}).status_code in (200, 302)

    # Approved, but scheduled: the live page keeps its old title until the go-live time.
    revision = Page.objects.get(pk=article.pk).revisions.order_by("-created_at").first()
    assert revision.approved_go_live_at == go_live
    call_command("publish_scheduled")
    assert Page.objects.get(pk=article.pk).title == "Overdracht naar een andere school"

    with time_machine.travel(go_live - datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert Page.objects.get(pk=article.pk).title == "Overdracht naar een andere school"

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    published = Page.objects.get(pk=article.pk)
    assert published.title == "Overdracht (nieuw)"
    assert published.live


def test_a_new_kennisbank_made_in_the_admin_gets_the_workflow(client, users):
    """New sections are made by a superuser (the site's structure: a redacteur has
    no permissions on the home page, which would reach the loket's form pages)."""
    from devkit.factories import UserFactory

    home = ensure_site_tree()
    login_verified(client, UserFactory(is_superuser=True))
    add_url = reverse("wagtailadmin_pages:add", args=["kennisbank", "kennisbankindexpage", home.pk])
    response = client.post(
        add_url,
        {
            "title": "Kennisbank",
            "slug": "kennisbank",
            "promoted_articles-TOTAL_FORMS": "0",
            "promoted_articles-INITIAL_FORMS": "0",
            "promoted_articles-MIN_NUM_FORMS": "0",
            "promoted_articles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="kennisbank")
    assert page.get_workflow().name == WORKFLOW_NAME
    # ... and the redacteur may write in it at once.
    assert page.permissions_for_user(users["redacteur"]).can_add_subpage()
    assert not page.permissions_for_user(users["redacteur"]).can_publish()


def test_redacteur_opens_the_editors_of_every_help_page_type(client, users, kennisbank):
    from content.handleidingen import HandleidingIndexPage, HandleidingPage

    home = ensure_site_tree()
    manuals = home.add_child(instance=HandleidingIndexPage(title="Handleidingen"))
    manual = manuals.add_child(instance=HandleidingPage(title="HIT"))
    login_verified(client, users["redacteur"])
    for page in [
        kennisbank["index"],
        kennisbank["dossier"],
        kennisbank["archief"],
        manuals,
        manual,
    ]:
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert client.get(url).status_code == 200, page
    add_manual = reverse("wagtailadmin_pages:add", args=["content", "handleidingpage", manuals.pk])
    assert client.get(add_manual).status_code == 200


def test_redacteur_previews_a_new_article(client, users, kennisbank):
    login_verified(client, users["redacteur"])
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["kennisbank", "kennisbankarticlepage", kennisbank["dossier"].pk],
    )
    form = {
        "title": "Nieuw artikel",
        "slug": "nieuw-artikel",
        "summary": "Samenvatting",
        "body-count": "0",
        "audience": "iedereen",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
    }
    assert client.post(url, form).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    assert "Nieuw artikel" in response.content.decode()
