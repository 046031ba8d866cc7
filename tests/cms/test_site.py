"""The site frame: Dutch, one h1, skip link, helpdesk footer from the site setting."""

import pytest
from wagtail.models import Site

from cms.models import SiteSettings


@pytest.mark.django_db
def test_home_page_frame_and_footer_from_site_setting(client):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"helpdesk_email": "helpdesk@swv.example", "helpdesk_phone": "012 345 6789"},
    )
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#inhoud">' in html
    assert 'role="banner"' in html and 'role="contentinfo"' in html and '<main id="inhoud"' in html
    assert "helpdesk@swv.example" in html and "012 345 6789" in html
    assert "Inloggen" in html
    # A public page for an anonymous visitor may be cached by the browser.
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_logged_in_pages_are_not_stored(client, users):
    from devkit.clients import login_verified

    login_verified(client, users["school_a"])
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]
    assert "ib@a.example" in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_gives_dutch_404(client):
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_security_headers(client, db):
    response = client.get("/account/inloggen/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_forbid_inline_scripts_admin_allows_them(client, users):
    from devkit.clients import login_verified

    public = client.get("/account/inloggen/")["Content-Security-Policy"]
    script_src = next(d for d in public.split(";") if d.strip().startswith("script-src"))
    assert script_src.strip() == "script-src 'self'"

    login_verified(client, users["redacteur"])
    admin = client.get("/admin/")
    admin_script_src = next(
        d for d in admin["Content-Security-Policy"].split(";") if "script-src" in d
    )
    # Wagtail's InlinePanel and date choosers start with inline scripts.
    assert "'unsafe-inline'" in admin_script_src
    assert "frame-ancestors 'self'" in admin["Content-Security-Policy"]
    # Avatars never come from gravatar.com (no staff address hashes to a third party).
    assert "gravatar.com" not in admin.content.decode()
