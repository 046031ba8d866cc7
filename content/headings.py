"""Headings of rendered HTML: stable, unique ids on every h2/h3, and the list of them.

Shared by the kennisbank's table of contents on long articles and the handleiding
PDF (``content.handleiding_pdf``), which turns the same list into a contents page
with page numbers. A heading that already has an id keeps it; ``reserved`` ids (those
the page's own template uses) are never given out.
"""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import slugify

HEADING = re.compile(r"<(h[23])(\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _unique(slug, used):
    candidate, number = slug, 1
    while candidate in used:
        number += 1
        candidate = f"{slug}-{number}"
    used.add(candidate)
    return candidate


def add_heading_ids(body_html, reserved=()):
    """``(html, headings)``: the body with an id on every h2/h3, and those headings in order.

    Each heading is ``{"level": 2 or 3, "id": ..., "text": ...}``.
    """
    used = set(reserved)
    headings = []

    def replace(match):
        tag, attributes, inner = match.group(1), match.group(2) or "", match.group(3)
        text = " ".join(html.unescape(strip_tags(inner)).split())
        if not text:
            return match.group(0)
        existing = ID_ATTRIBUTE.search(attributes)
        if existing:
            anchor = existing.group(1)
            used.add(anchor)
        else:
            anchor = _unique(slugify(text) or "kop", used)
            attributes = f'{attributes} id="{anchor}"'
        headings.append({"level": int(tag[1]), "id": anchor, "text": text})
        return f"<{tag}{attributes}>{inner}</{tag}>"

    return HEADING.sub(replace, body_html), headings


def nest(headings):
    """h3 entries under the h2 before them: ``[{..., "children": [...]}]``."""
    tree = []
    for heading in headings:
        entry = {**heading, "children": []}
        if heading["level"] == 3 and tree and tree[-1]["level"] == 2:
            tree[-1]["children"].append(entry)
        else:
            tree.append(entry)
    return tree
