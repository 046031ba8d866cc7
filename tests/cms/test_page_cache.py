"""The anonymous page cache (cms.caching.pages), through HTTP as a visitor and an editor see it."""

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from accounts.models import Role
from cms.caching.pages import GENERATION_KEY, HIT_HEADER
from content.choices import Audience
from content.handleidingen import HandleidingIndexPage, HandleidingPage
from content.models import StandardPage
from devkit.clients import login_verified
from tests.conftest import ensure_site_tree
from tests.content.conftest import add_manual
from tests.redis_server import resilient_cache_settings

pytestmark = pytest.mark.django_db

REDIS = "redis://127.0.0.1:6379/3"


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["default"].clear()
    yield settings
    caches["default"].clear()


@pytest.fixture
def page(db):
    home = ensure_site_tree()
    page = home.add_child(
        instance=StandardPage(title="Over ons", slug="over-ons", body="<p>Eerste tekst</p>")
    )
    page.save_revision().publish()
    return page


def publish_body(page, body):
    page = StandardPage.objects.get(pk=page.pk)
    page.body = body
    page.save_revision().publish()


def get(client, url):
    response = client.get(url)
    return response, response.get(HIT_HEADER)


def test_second_anonymous_request_is_served_without_the_database(
    client, page, page_cache_on, django_assert_num_queries
):
    first, state = get(client, page.url)
    assert first.status_code == 200 and state == "miss"
    with django_assert_num_queries(0):
        second, state = get(client, page.url)
    assert state == "hit"
    assert second.content == first.content
    assert "Set-Cookie" not in second


def test_a_published_change_is_visible_on_the_next_request(client, page, page_cache_on):
    get(client, page.url)
    assert get(client, page.url)[1] == "hit"
    publish_body(page, "<p>Nieuwe tekst</p>")
    response, state = get(client, page.url)
    assert state == "miss"
    assert "Nieuwe tekst" in response.text and "Eerste tekst" not in response.text


def test_a_change_elsewhere_reaches_the_page_that_lists_it(client, page_cache_on):
    """The handleidingen index lists its manuals: publishing a manual changes it too."""
    home = ensure_site_tree()
    index = home.add_child(
        instance=HandleidingIndexPage(title="Handleidingen", slug="handleidingen")
    )
    index.save_revision().publish()
    manual = add_manual(index, "TLV aanvragen", Audience.LOKETMODULE)
    assert "TLV aanvragen" in get(client, index.url)[0].text
    assert get(client, index.url)[1] == "hit"
    manual = HandleidingPage.objects.get(pk=manual.pk)
    manual.title = "TLV indienen"
    manual.save_revision().publish()
    response, state = get(client, index.url)
    assert state == "miss" and "TLV indienen" in response.text


def test_unpublish_and_move_purge(client, page, page_cache_on):
    get(client, page.url)
    StandardPage.objects.get(pk=page.pk).unpublish()
    assert client.get(page.url).status_code == 404

    home = ensure_site_tree()
    parent = home.add_child(instance=StandardPage(title="Organisatie", slug="organisatie"))
    parent.save_revision().publish()
    other = home.add_child(instance=StandardPage(title="Contact", slug="contact"))
    other.save_revision().publish()
    old_url = other.url
    assert get(client, old_url)[0].status_code == 200
    assert get(client, old_url)[1] == "hit"
    StandardPage.objects.get(pk=other.pk).move(parent, pos="last-child")
    # The old address now redirects (Wagtail's automatic redirect), not the cached page.
    assert client.get(old_url).status_code == 301
    moved = StandardPage.objects.get(pk=other.pk)
    assert client.get(moved.url).status_code == 200


def test_logged_in_users_never_get_or_fill_the_cache(client, page, page_cache_on, make_user):
    editor = make_user(Role.REDACTEUR)
    login_verified(client, editor)
    response, state = get(client, page.url)
    assert response.status_code == 200 and state is None
    assert get(client, page.url)[1] is None
    # Nothing of the editor's rendering was stored for anonymous visitors either.
    client.logout()
    client.cookies.clear()
    assert get(client, page.url)[1] == "miss"
    # And an anonymous entry is not served to the logged-in user.
    login_verified(client, editor)
    assert get(client, page.url)[1] is None


def test_a_session_or_messages_cookie_bypasses_the_cache(client, page, page_cache_on):
    get(client, page.url)
    assert get(client, page.url)[1] == "hit"
    client.cookies["messages"] = "x"
    assert get(client, page.url)[1] is None
    del client.cookies["messages"]
    client.cookies["sessionid"] = "abc"
    assert get(client, page.url)[1] is None


def test_restricted_pages_and_private_areas_are_never_cached(client, page, page_cache_on):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response, state = get(client, page.url)
        assert response.status_code == 302 and state is None
    for url in ["/loket/", "/inzage/", "/account/login/", "/admin/", "/loket/concepten/"]:
        for _ in range(2):
            assert get(client, url)[1] is None, url


def test_restricting_a_cached_page_purges_it_at_once(client, page, page_cache_on):
    """A page made private must not be served from the cache for another ten minutes;
    lifting the restriction serves it again."""
    assert get(client, page.url)[1] == "miss"
    assert get(client, page.url)[1] == "hit"
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response, state = get(client, page.url)
    assert response.status_code == 302 and state is None
    restriction.delete()
    response, state = get(client, page.url)
    assert response.status_code == 200 and state == "miss"


def test_an_evicted_generation_never_brings_back_an_older_page(client, page, page_cache_on):
    """The generation key can be evicted like any entry (the file cache culls at random
    when full, Redis under memory pressure). The page cached before a restriction must
    not become current again when the generation that ended it disappears."""
    cache = caches["default"]
    assert get(client, page.url)[1] == "miss"  # cached in the cache's first generation
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert get(client, page.url)[0].status_code == 302
    cache.delete(GENERATION_KEY)  # evicted
    response, state = get(client, page.url)
    assert response.status_code == 302 and state is None
    # Nor when the key was already missing at the purge itself.
    PageViewRestriction.objects.filter(page=page).delete()
    assert get(client, page.url)[1] == "miss"
    cache.delete(GENERATION_KEY)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert get(client, page.url)[0].status_code == 302


def test_query_string_varies_the_cache(client, page, page_cache_on):
    assert get(client, page.url)[1] == "miss"
    assert get(client, page.url + "?pagina=2")[1] == "miss"
    assert get(client, page.url + "?pagina=2")[1] == "hit"


def test_a_made_up_query_parameter_is_rendered_and_not_stored(client, page, page_cache_on):
    """Otherwise every made-up parameter would store a copy of the page (with Redis's
    LRU pushing real pages out); a newsletter link's utm_source is rendered too."""
    for url in (page.url + "?utm_source=nieuwsbrief", page.url + "?x=1&pagina=2"):
        for _ in range(2):
            response, state = get(client, url)
            assert response.status_code == 200 and state is None
    assert get(client, page.url + "?pagina=2")[1] == "miss"
    assert get(client, page.url + "?pagina=2")[1] == "hit"


def test_saving_site_settings_purges(client, page, page_cache_on):
    from wagtail.models import Site

    from cms.models import SiteSettings

    get(client, page.url)
    assert get(client, page.url)[1] == "hit"
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.save()
    assert get(client, page.url)[1] == "miss"


def test_off_when_seconds_is_zero(client, page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert get(client, page.url)[1] is None
    assert get(client, page.url)[1] is None


def test_redis_backend_serves_and_purges(client, page, settings):
    """The same behaviour with the Redis backend of production (Django's RedisCache,
    cms.caching.backend) against the Redis on this machine."""
    settings.CACHES = resilient_cache_settings(REDIS)
    settings.PAGE_CACHE_SECONDS = 600
    try:
        assert get(client, page.url)[1] == "miss"
        assert get(client, page.url)[1] == "hit"
        publish_body(page, "<p>Via Redis</p>")
        response, state = get(client, page.url)
        assert state == "miss" and "Via Redis" in response.text
    finally:
        # Page entries expire by themselves; the key prefix is unique to this run.
        caches["default"].delete(GENERATION_KEY)
