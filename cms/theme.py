"""The SWV's own colours as a small stylesheet, layered over NL Design System's tokens.

The colours are a site setting a beheerder edits in Wagtail; the public pages
run under a CSP without inline styles in mind, so the colours reach the browser
as an ordinary stylesheet (``/thema.css``) that maps them onto the design tokens
the Utrecht components read. Colours are checked for contrast against white
when saved, so a setting can never make buttons or links unreadable.
"""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text

# Design tokens (Utrecht / NL Design System "basis") that take the primary colour.
PRIMARY_TOKENS = (
    "--basis-color-accent-1-color-default",
    "--basis-color-action-1-color-default",
    "--basis-color-action-1-inverse-bg-default",
    "--basis-color-accent-1-inverse-bg-default",
    "--basis-color-action-2-color-default",
    "--basis-color-action-2-color-document",
    "--utrecht-link-color",
    "--swv-kleur-primair",
)
HOVER_TOKENS = (
    "--basis-color-action-1-inverse-bg-hover",
    "--basis-color-action-1-inverse-bg-active",
    "--basis-color-action-2-color-hover",
    "--basis-color-action-2-color-active",
    "--utrecht-link-hover-color",
    "--swv-kleur-primair-donker",
)
ACCENT_TOKENS = ("--basis-color-accent-1-bg-default", "--swv-kleur-accent")


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour):
    return 1.05 / (_luminance(hex_colour) + 0.05)


def validate_colour_on_white(value):
    """A hex colour that white text can sit on (and that reads as text on white)."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Geef een kleur als #RRGGBB, bijvoorbeeld #154273.")
    if contrast_with_white(value) < MIN_CONTRAST:
        raise ValidationError(
            "Deze kleur heeft te weinig contrast met wit (minstens 4,5 : 1 nodig). "
            "Kies een donkerdere kleur."
        )


def validate_light_colour(value):
    """A pale background colour on which the normal text colour stays readable."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Geef een kleur als #RRGGBB, bijvoorbeeld #e8eef6.")
    if contrast_with_white(value) > 1.6:
        raise ValidationError("Kies een lichte kleur: hij dient als achtergrond achter tekst.")


def darken(hex_colour, factor=0.8):
    channels = [round(int(hex_colour[i : i + 2], 16) * factor) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in channels)


def theme_css(primary, accent):
    """The stylesheet text for two validated colours."""
    lines = [f"  {token}: {primary};" for token in PRIMARY_TOKENS]
    lines += [f"  {token}: {darken(primary)};" for token in HOVER_TOKENS]
    lines += [f"  {token}: {accent};" for token in ACCENT_TOKENS]
    return (
        "/* SWV-kleuren uit de site-instellingen (Wagtail > Instellingen). */\n"
        ".swv-theme {\n" + "\n".join(lines) + "\n}\n"
    )
