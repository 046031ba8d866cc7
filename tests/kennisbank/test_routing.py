"""``cms.caching.routing``: the site root routes every page below it with one query, and finds
exactly what Wagtail's own ``Page.route`` finds (the same page, view and arguments, or
the same 404) for public pages, routable sub-URLs, loket forms and unpublished pages."""

import pytest
from django.core.cache import caches
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page

from content.models import HomePage
from forms.models import LoketFormIndexPage
from kennisbank.models import KennisbankCategoryPage
from tests.kennisbank.conftest import add_article

URLS = [
    "",
    "kennisbank",
    "kennisbank/zoeken",
    "kennisbank/dossier",
    "kennisbank/dossier/een-dossier-afronden",
    "kennisbank/dossier/een-dossier-afronden/nuttig",
    "kennisbank/dossier/een-dossier-afronden/bestaat-niet",
    "kennisbank/inloggen/tweestapsverificatie-instellen",
    "kennisbank/bestaat-niet",
    "kennisbank/dossier/bestaat-niet",
    "bestaat-niet/dossier",
    "kennisbank/concept",
    "kennisbank/concept/artikel-onder-concept",
    "kennisbank/dossier/concept-artikel",
    "loket",
    "loket/aanvragen/nieuw",
    "loket/aanvragen/nieuw/bestaat-niet",
]


def outcome(route, request, components):
    try:
        result = route(request, components)
    except Http404:
        return "404"
    page, args, kwargs = result
    args = [getattr(a, "__name__", a) for a in args]
    return (page.pk, type(page).__name__, repr(args), kwargs)


@pytest.fixture
def tree(kennisbank):
    home = HomePage.objects.get()
    draft = kennisbank["index"].add_child(
        instance=KennisbankCategoryPage(title="Concept", slug="concept", live=False)
    )
    under_draft = add_article(draft, "Artikel onder concept")
    draft.refresh_from_db()
    assert not draft.live and under_draft.live
    hidden = add_article(kennisbank["dossier"], "Concept artikel")
    hidden.unpublish()
    home.add_child(instance=LoketFormIndexPage(title="Loket", slug="loket"))
    return HomePage.objects.get()


@pytest.fixture(params=[0, 600], ids=["zonder-cache", "met-cache"])
def route_cache(request, settings):
    """Every comparison runs with the route cache off and on (``DERIVED_CACHE_SECONDS``)."""
    settings.DERIVED_CACHE_SECONDS = request.param
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


@pytest.mark.django_db
def test_same_outcome_as_wagtail_for_every_url(tree, route_cache):
    request = RequestFactory().get("/")
    for _ in range(2):  # with the cache on: once filled, once from the cache
        for url in URLS:
            components = [c for c in url.split("/") if c]
            ours = outcome(tree.route, request, components)
            wagtails = outcome(lambda r, c: Page.route(tree, r, c), request, components)
            assert ours == wagtails, url
    assert outcome(tree.route, request, ["kennisbank", "concept"]) == "404"
    assert outcome(tree.route, request, ["kennisbank", "dossier", "een-dossier-afronden"]) != "404"


@pytest.mark.django_db
def test_an_article_is_routed_with_two_queries(tree, django_assert_num_queries):
    """Wagtail needs two per level (six for an article below the home page); here one
    query finds the pages on the way and one reads the article's own row."""
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):
        page, _args, _kwargs = tree.route(
            request, ["kennisbank", "inloggen", "tweestapsverificatie-instellen"]
        )
    assert page.title == "Tweestapsverificatie instellen"
    with django_assert_num_queries(0):
        assert page.get_parent().slug == "inloggen"


def test_pages_are_served_through_the_fast_route(client, kennisbank):
    response = client.get("/kennisbank/inloggen/tweestapsverificatie-instellen/")
    assert response.status_code == 200
    assert "Tweestapsverificatie instellen" in response.content.decode()
    assert client.get("/kennisbank/inloggen/bestaat-niet/").status_code == 404


@pytest.mark.django_db
def test_kept_routes_follow_a_move_an_unpublish_and_a_new_page(client, kennisbank, route_cache):
    """With the route cache on, what an editor does is routed on the next request."""
    article = kennisbank["archief"]
    old_url = article.url
    assert client.get(old_url).status_code == 200
    article.move(kennisbank["inloggen"], pos="last-child")
    article = Page.objects.get(pk=article.pk).specific
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the old page
    assert moved.status_code == 301 and moved["Location"] == article.url
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404
    new = add_article(kennisbank["dossier"], "Nieuw artikel over overdracht")
    assert client.get(new.url).status_code == 200
