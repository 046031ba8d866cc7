"""Emergency take-down (cms.review.takedown), through the admin as each role: an
eindredacteur takes a live article offline with a reason, the shared page cache
(Redis) forgets it at once, Wagtail's history and the security log say who and why,
and nobody gains publish or delete on the way."""

# The kennisbank fixture is imported and then used as an argument.
# ruff: noqa: F811

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from accounts.models import SecurityEvent
from cms.caching.pages import HIT_HEADER
from cms.review import takedown
from devkit.clients import login_verified
from tests.conftest import ensure_site_tree
from tests.kennisbank.conftest import kennisbank  # noqa: F401  (fixture)
from tests.redis_server import redis_page_cache  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

REASON = "Verkeerde termijn genoemd; wordt herschreven."


def url(page):
    return reverse("cms_take_down", args=[page.pk])


def live(page):
    return Page.objects.get(pk=page.pk).live


def refused(response):
    """Wagtail answers a refused admin page with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_an_eindredacteur_takes_a_cached_article_offline_with_a_reason(
    client, users, kennisbank, redis_page_cache
):
    article = kennisbank["archief"]
    visitor = client.__class__()
    assert visitor.get(article.url).get(HIT_HEADER) == "miss"
    assert visitor.get(article.url).get(HIT_HEADER) == "hit"

    login_verified(client, users["eindredacteur"])
    form = client.get(url(article))
    assert form.status_code == 200 and "Offline halen" in form.text and article.title in form.text
    empty = client.post(url(article), {"reason": "  "})
    assert empty.status_code == 400 and "Geef een reden op" in empty.text
    assert live(article)

    response = client.post(url(article), {"reason": REASON})
    assert response.status_code == 302
    assert not live(article)
    gone = visitor.get(article.url)
    assert gone.status_code == 404 and gone.get(HIT_HEADER) != "hit"

    entry = PageLogEntry.objects.get(page=article, action=takedown.LOG_ACTION)
    assert entry.user == users["eindredacteur"] and entry.data["reason"] == REASON
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk])).text
    assert f"Offline gehaald: {REASON}" in history
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PAGE_TAKEN_DOWN)
    assert event.actor == users["eindredacteur"] and REASON in event.detail
    assert article.title in event.detail


def test_a_category_goes_offline_with_the_articles_below_it(client, users, kennisbank):
    category = kennisbank["dossier"]
    login_verified(client, users["eindredacteur"])
    assert kennisbank["overdracht"].title in client.get(url(category)).text
    client.post(url(category), {"reason": REASON})
    for key in ("dossier", "archief", "overdracht", "loket"):
        assert not live(kennisbank[key]), key
    assert live(kennisbank["tweestaps"])  # another category
    assert client.get(kennisbank["archief"].url).status_code == 404
    assert PageLogEntry.objects.filter(action=takedown.LOG_ACTION).count() == 4
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PAGE_TAKEN_DOWN).count() == 1


@pytest.mark.parametrize(
    "role", ["redacteur", "formulierbeheerder", "beheerder", "consulent", "commissie"]
)
def test_other_roles_cannot_take_a_page_down(client, users, kennisbank, role):
    article = kennisbank["archief"]
    login_verified(client, users[role])
    assert refused(client.get(url(article)))
    assert refused(client.post(url(article), {"reason": REASON}))
    assert live(article)
    assert not PageLogEntry.objects.filter(action=takedown.LOG_ACTION).exists()


def test_the_home_page_and_pages_outside_the_sections_are_not_for_the_eindredacteur(
    client, users, kennisbank
):
    """Least privilege: the home page would take the site down; the eindredacteur
    has no rights outside the reviewed sections (e.g. the loket's form pages)."""
    from forms.models import LoketFormIndexPage

    home = ensure_site_tree()
    forms_index = home.add_child(
        instance=LoketFormIndexPage(title="Formulieren", slug="formulieren")
    )
    login_verified(client, users["eindredacteur"])
    for page in (home, forms_index):
        assert refused(client.post(url(page), {"reason": REASON})), page
        assert live(page)


def test_taking_down_gives_no_publish_and_no_delete(users, kennisbank):
    article = kennisbank["archief"]
    eindredacteur = users["eindredacteur"]
    assert takedown.may_take_down(eindredacteur, article)
    permissions = article.permissions_for_user(eindredacteur)
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()  # Wagtail's own unpublish stays the superuser's
    assert not permissions.can_delete()


def test_a_page_that_is_not_live_cannot_be_taken_down(client, users, kennisbank):
    article = kennisbank["archief"]
    takedown.take_down(article, users["eindredacteur"], REASON)
    assert not takedown.may_take_down(users["eindredacteur"], Page.objects.get(pk=article.pk))
    login_verified(client, users["eindredacteur"])
    assert refused(client.get(url(article)))


def test_a_take_down_without_a_reason_is_refused_by_the_service(users, kennisbank):
    with pytest.raises(ValueError):
        takedown.take_down(kennisbank["archief"], users["eindredacteur"], " ")
    assert live(kennisbank["archief"])


def test_the_button_is_offered_to_whoever_may_use_it(client, users, kennisbank):
    article = kennisbank["archief"]
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    explore = reverse("wagtailadmin_explore", args=[kennisbank["dossier"].pk])
    login_verified(client, users["eindredacteur"])
    assert url(article) in client.get(edit).text
    assert url(article) in client.get(explore).text
    login_verified(client, users["redacteur"])
    assert url(article) not in client.get(edit).text
    assert url(article) not in client.get(explore).text
