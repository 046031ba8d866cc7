"""What every page request looks up the same way, kept per generation (cms.caching.sitewide).

The site, its settings and "no view restriction applies here" come from the cache;
whatever an editor changes must show on the next request, and a restricted page must
stay restricted (Wagtail's own check decides every page a restriction or alias is on
the way of).
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from cms.caching.sitewide import public
from cms.models import SiteSettings
from content.models import StandardPage
from tests.conftest import ensure_site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(db):
    home = ensure_site_tree()
    over = home.add_child(instance=StandardPage(title="Over ons", slug="over-ons"))
    over.save_revision().publish()
    team = over.add_child(instance=StandardPage(title="Het team", slug="team"))
    team.save_revision().publish()
    return {"home": home, "over": over, "team": team}


def count(client, url):
    client.get(url)  # fill the cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_a_plain_page_is_served_without_queries(client, pages, settings, derived_cache_on):
    url = pages["team"].url
    cached = count(client, url)
    settings.DERIVED_CACHE_SECONDS = 0
    uncached = count(client, url)
    # the site, its root page's own row, the site settings, the pages on the way
    # (cms.caching.routing), the page's own row, the ancestors' aliases and the restrictions
    assert uncached == 7
    assert cached == 0


def test_the_home_page_comes_with_the_site(client, pages, derived_cache_on):
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    # only the home page's own listing (latest newsletter) is left
    assert not [q for q in ctx.captured_queries if "content_homepage" in q["sql"]]
    assert not [q for q in ctx.captured_queries if "wagtailcore_site" in q["sql"]]


@pytest.mark.parametrize("kind", ["over", "team"])
def test_a_restriction_applies_on_the_next_request_and_lifts_again(
    client, pages, derived_cache_on, kind
):
    """On the page itself or on an ancestor: the login restriction of Wagtail."""
    url = pages["team"].url
    assert client.get(url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=pages[kind], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    restriction.delete()
    assert client.get(url).status_code == 200


def test_a_password_restriction_still_asks_for_the_password(client, pages, derived_cache_on):
    client.get(pages["team"].url)
    PageViewRestriction.objects.create(
        page=pages["over"], restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    response = client.get(pages["team"].url)
    assert response.status_code == 200
    assert b"Het team" not in response.content or b'name="password"' in response.content
    assert b'name="password"' in response.content


def test_an_alias_of_a_restricted_page_stays_restricted(client, pages, derived_cache_on):
    """The alias's own ancestors are open; Wagtail checks the restrictions of its source."""
    home, team = pages["home"], pages["team"]
    PageViewRestriction.objects.create(page=team, restriction_type=PageViewRestriction.LOGIN)
    alias = team.create_alias(parent=home, update_slug="team-kopie")
    assert client.get(home.url).status_code == 200  # restricted paths now cached
    response = client.get(alias.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_listings_leave_out_restricted_pages_at_once(pages, derived_cache_on):
    everything = StandardPage.objects.live()
    assert set(public(everything)) == set(everything.public()) == {pages["over"], pages["team"]}
    restriction = PageViewRestriction.objects.create(
        page=pages["team"], restriction_type=PageViewRestriction.LOGIN
    )
    assert list(public(everything)) == list(everything.public()) == [pages["over"]]
    restriction.delete()
    PageViewRestriction.objects.create(
        page=pages["over"], restriction_type=PageViewRestriction.GROUPS
    )
    assert list(public(everything)) == list(everything.public()) == []


def test_changed_site_settings_show_on_the_next_request(client, pages, derived_cache_on):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    client.get("/")
    site_settings.helpdesk_name = "Loket Passend Onderwijs"
    site_settings.save()
    assert "Loket Passend Onderwijs" in client.get("/").content.decode()


def test_a_new_site_for_a_host_takes_over_at_once(client, pages, derived_cache_on):
    """Before: the default site answers for any host. After: the new site does."""
    response = client.get("/", HTTP_HOST="andere.example")
    assert "Welkom bij het SWV-portaal" in response.content.decode()
    site = Site.objects.create(hostname="andere.example", port=80, root_page=pages["over"])
    response = client.get("/", HTTP_HOST="andere.example")
    assert "Over ons" in response.content.decode()
    assert "Welkom bij het SWV-portaal" not in response.content.decode()
    site.delete()
    response = client.get("/", HTTP_HOST="andere.example")
    assert "Welkom bij het SWV-portaal" in response.content.decode()


def test_a_moved_root_page_is_routed_on_the_next_request(client, pages, derived_cache_on):
    site = Site.objects.get(is_default_site=True)
    assert client.get("/team/").status_code == 404
    site.root_page = Page.objects.get(pk=pages["over"].pk)
    site.save()
    assert client.get("/team/").status_code == 200


def test_a_host_outside_allowed_hosts_is_not_looked_up(client, pages, derived_cache_on):
    derived_cache_on.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/", HTTP_HOST="aanvaller.example").status_code == 400
    assert not [key for key in caches["default"]._cache if "aanvaller" in key]
    assert client.get("/").status_code == 200


def test_kept_listings_show_a_publish_and_an_unpublish_at_once(client, derived_cache_on):
    """The newsletter archive, the home page's latest issue and the manuals overview are
    kept per generation; an editor's publish or unpublish shows on the next request."""
    from content.choices import Audience
    from content.handleidingen import HandleidingIndexPage
    from content.nieuwsbrieven.models import NewsletterIndexPage
    from tests.content.conftest import add_manual
    from tests.newsletters.conftest import make_issue

    home = ensure_site_tree()
    archive = home.add_child(instance=NewsletterIndexPage(title="Nieuwsbrieven", slug="nb"))
    archive.save_revision().publish()
    manuals = home.add_child(instance=HandleidingIndexPage(title="Handleidingen", slug="hl"))
    manuals.save_revision().publish()
    pages = {"/": None, archive.url: None, manuals.url: None}
    for url in pages:
        assert client.get(url).status_code == 200  # fill the cache

    issue = make_issue(archive, title="Nieuwsbrief juni")
    manual = add_manual(manuals, "Een TLV aanvragen", Audience.LOKETMODULE)
    for url in pages:
        assert client.get(url).status_code == 200
    assert "Nieuwsbrief juni" in client.get("/").content.decode()
    assert "Nieuwsbrief juni" in client.get(archive.url).content.decode()
    assert "Een TLV aanvragen" in client.get(manuals.url).content.decode()

    issue.unpublish()
    manual.unpublish()
    assert "Nieuwsbrief juni" not in client.get("/").content.decode()
    assert "Nieuwsbrief juni" not in client.get(archive.url).content.decode()
    assert "Een TLV aanvragen" not in client.get(manuals.url).content.decode()
