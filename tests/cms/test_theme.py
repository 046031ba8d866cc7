"""House style: NL Design System files vendored, SWV colours from the site setting as CSS."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.models import Site

from cms.models import SiteSettings
from cms.theme import contrast_with_white, validate_colour_on_white, validate_light_colour

VENDORED = [
    "static/vendor/utrecht/component-library.css",
    "static/vendor/utrecht/html.css",
    "static/vendor/voorbeeld/theme.css",
    "tests/e2e/vendor/axe.min.js",
]


@pytest.mark.parametrize("path", VENDORED)
def test_front_end_files_are_vendored_not_loaded_from_a_cdn(path):
    file = Path(settings.BASE_DIR) / path
    assert file.stat().st_size > 10_000
    if path.endswith(".css"):
        text = file.read_text()
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "@import" not in text


def test_contrast_rule_for_the_primary_colour():
    assert round(contrast_with_white("#154273"), 1) >= 4.5
    validate_colour_on_white("#154273")
    with pytest.raises(ValidationError, match="te weinig contrast"):
        validate_colour_on_white("#ffcc00")
    with pytest.raises(ValidationError, match="#RRGGBB"):
        validate_colour_on_white("blauw; } body { display:none")
    validate_light_colour("#e8eef6")
    with pytest.raises(ValidationError, match="lichte kleur"):
        validate_light_colour("#154273")


@pytest.mark.django_db
def test_theme_stylesheet_carries_the_site_colours(client):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"primary_colour": "#7a1f5c", "accent_colour": "#f6eef3"},
    )
    response = client.get("/thema.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--swv-kleur-primair: #7a1f5c;" in css
    assert "--basis-color-action-1-inverse-bg-default: #7a1f5c;" in css
    assert "--swv-kleur-accent: #f6eef3;" in css
    assert client.post("/thema.css").status_code == 405


@pytest.mark.django_db
def test_an_invalid_stored_colour_never_reaches_the_stylesheet(client):
    """A value saved around the form's validation falls back to the default colour."""
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"primary_colour": "red;}x{"},
    )
    css = client.get("/thema.css").content.decode()
    assert "red" not in css and "--swv-kleur-primair: #154273;" in css


@pytest.mark.django_db
def test_pages_load_nl_design_system_and_no_inline_style_or_script(client):
    html = client.get("/").content.decode()
    for sheet in ("css/nlds.css", "vendor/voorbeeld/theme.css", "css/fonts.css", "css/tokens.css"):
        assert f"/static/{sheet}" in html
    assert 'href="/thema.css"' in html
    assert "voorbeeld-theme swv-theme" in html and 'class="container utrecht-html"' in html
    assert "<style" not in html and "<script>" not in html and " style=" not in html


def test_utrecht_components_sit_in_a_cascade_layer_below_the_portal_styles(client):
    """Unlayered, ".utrecht-html a" beat ".button" and a link-button's white text took
    the link colour: invisible on its own background. In a layer, the portal's
    site.css wins wherever it says something (tests/e2e/look.py measures the result)."""
    from django.contrib.staticfiles import finders

    nlds = Path(finders.find("css/nlds.css")).read_text()
    for vendored in ("component-library.css", "html.css"):
        assert f'@import url("../vendor/utrecht/{vendored}") layer(nlds);' in nlds
    fonts = Path(finders.find("css/fonts.css")).read_text()
    for weight in ("400-normal", "400-italic", "600-normal", "700-normal"):
        assert f"fira-sans-latin-{weight}.woff2" in fonts
        assert finders.find(f"vendor/fira-sans/fira-sans-latin-{weight}.woff2")


@pytest.mark.django_db
def test_without_any_site_the_stylesheet_has_the_default_colours(client):
    """Found by the look test: after a flushed database /thema.css answered 500, and
    the browser refused an HTML error page as stylesheet."""
    Site.objects.all().delete()
    response = client.get("/thema.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--swv-kleur-primair: #154273;" in response.content.decode()
