"""Four eyes on content, through the admin as each role: redacteuren have no
"Publiceren", a page goes live only when someone other than its author approves,
and a newsletter goes out only from an approved, published issue."""

# The kennisbank and newsletter fixtures are imported and then used as arguments.
# ruff: noqa: F811

import pytest
from django.urls import reverse
from wagtail.models import Page

from accounts.models import Role
from cms.review.workflow import WORKFLOW_NAME, FourEyesApprovalTask
from content.nieuwsbrieven.models import NewsletterPage
from devkit.clients import login_verified
from tests.kennisbank.conftest import kennisbank  # noqa: F401  (fixture)
from tests.newsletters.conftest import archive, lists, make_issue, subscribe_active  # noqa: F401

pytestmark = pytest.mark.django_db

PUBLISH_BUTTON = 'name="action-publish"'


def _approve_url(page):
    state = page.current_workflow_state
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )


def _refused(response):
    """Wagtail answers a refused admin action with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def _submit(page, user):
    """Submit the page's latest revision as ``user`` would with "Ter beoordeling indienen"."""
    page.save_revision(user=user)
    page.get_workflow().start(page, user)
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def article(kennisbank):
    return kennisbank["archief"]


def test_every_reviewed_section_carries_the_four_eyes_workflow(kennisbank, handleidingen, archive):
    for section in (kennisbank["index"], handleidingen, archive):
        workflow = section.get_workflow()
        assert workflow.name == WORKFLOW_NAME
        tasks = [task.specific for task in workflow.tasks]
        assert len(tasks) == 1 and isinstance(tasks[0], FourEyesApprovalTask)
        assert list(tasks[0].groups.values_list("name", flat=True)) == ["Eindredacteuren"]


@pytest.mark.parametrize("role", ["redacteur", "eindredacteur"])
def test_writers_see_no_publish_button(client, users, article, handleidingen, archive, role):
    issue = make_issue(archive)
    login_verified(client, users[role])
    for page in (article, handleidingen, issue):
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        assert "Ter beoordeling indienen" in html or "action-submit" in html, page
        assert PUBLISH_BUTTON not in html, page
        assert not page.permissions_for_user(users[role]).can_publish()


def test_a_publish_post_from_a_redacteur_does_not_publish(client, users, article):
    login_verified(client, users["redacteur"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        {
            "title": "Gekaapt",
            "slug": article.slug,
            "summary": article.summary,
            "body-count": "0",
            "tags": "",
            "audience": article.audience,
            "related_links-TOTAL_FORMS": "0",
            "related_links-INITIAL_FORMS": "0",
            "related_links-MIN_NUM_FORMS": "0",
            "related_links-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=article.pk).title == "Een dossier afronden"


def test_the_author_cannot_approve_their_own_change(client, users, make_user, article):
    """Someone who is redacteur and eindredacteur submits: no approve action is offered
    to them, a crafted approve POST is refused; another eindredacteur approves."""
    both = make_user(Role.REDACTEUR, email="beide@swv.example")
    from accounts.models import Membership

    Membership.objects.create(
        user=both, organisation=both.memberships.get().organisation, role=Role.EINDREDACTEUR
    )
    article.title = "Een dossier afronden (nieuw)"
    article = _submit(article, both)
    approve = _approve_url(article)

    login_verified(client, both)
    task = article.current_workflow_state.current_task_state.task.specific
    assert [name for name, *_ in task.get_actions(article, both)] == ["reject"]
    assert _refused(client.post(approve, {"comment": "Zelf goed"}))
    assert Page.objects.get(pk=article.pk).title == "Een dossier afronden"
    assert article.current_workflow_state.status == "in_progress"

    other = login_verified(client.__class__(), users["eindredacteur"])
    assert "approve" in [name for name, *_ in task.get_actions(article, users["eindredacteur"])]
    assert other.post(approve, {"comment": "Prima"}).status_code in (200, 302)
    assert Page.objects.get(pk=article.pk).title == "Een dossier afronden (nieuw)"


def test_a_reviewer_who_edited_the_draft_cannot_approve_it(client, users, article):
    article.title = "Door de redacteur"
    article = _submit(article, users["redacteur"])
    approve = _approve_url(article)
    # The eindredacteur changes the text under review: now it is partly theirs.
    article.title = "Door de eindredacteur verbeterd"
    article.save_revision(user=users["eindredacteur"])
    login_verified(client, users["eindredacteur"])
    assert _refused(client.post(approve, {"comment": ""}))
    assert not Page.objects.get(pk=article.pk).title.startswith("Door")


def test_the_task_refuses_the_author_also_outside_the_views(users, article):
    from django.core.exceptions import PermissionDenied

    article = _submit(article, users["eindredacteur"])
    state = article.current_workflow_state.current_task_state
    task = state.task.specific
    assert [name for name, *_ in task.get_actions(article, users["eindredacteur"])] == ["reject"]
    with pytest.raises(PermissionDenied):
        task.on_action(state, users["eindredacteur"], "approve")


def test_a_redacteur_cannot_approve_at_all(client, users, make_user, article):
    writer = make_user(Role.REDACTEUR, email="schrijver@swv.example")
    article = _submit(article, writer)
    login_verified(client, users["redacteur"])
    assert _refused(client.post(_approve_url(article), {"comment": ""}))
    assert article.current_workflow_state.status == "in_progress"


def test_a_newsletter_goes_out_only_after_approval(client, users, archive, lists):
    subscribe_active("ouder@voorbeeld.example", lists["po"])
    issue = make_issue(archive, title="Nieuwsbrief juni", publish=False)
    send_url = reverse("newsletter_admin_send", args=[issue.pk])
    redacteur = login_verified(client, users["redacteur"])
    refused = redacteur.post(send_url, {"lists": [lists["po"].pk], "confirm": "on"})
    assert refused.status_code == 400
    assert "Publiceer de nieuwsbrief eerst" in refused.content.decode()

    issue = _submit(issue, users["redacteur"])
    eind = login_verified(client.__class__(), users["eindredacteur"])
    done = eind.post(_approve_url(issue), {"comment": ""})
    assert done.status_code == 302 and done["Location"] != "/admin/", done
    assert NewsletterPage.objects.get(pk=issue.pk).live

    sent = redacteur.post(send_url, {"lists": [lists["po"].pk], "confirm": "on"})
    assert sent.status_code == 302


def test_redacteuren_cannot_touch_the_form_pages(client, users):
    from forms.build import form_index

    index = form_index()
    for role in ("redacteur", "eindredacteur"):
        perms = index.permissions_for_user(users[role])
        assert not (perms.can_edit() or perms.can_add_subpage() or perms.can_publish())
        session = login_verified(client.__class__(), users[role])
        response = session.get(reverse("wagtailadmin_pages:edit", args=[index.pk]))
        assert response.status_code == 302 and response["Location"] == "/admin/"
