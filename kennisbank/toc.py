"""Table of contents for long articles, made in Python while rendering (no JavaScript).

The article body is rendered to HTML once; every ``<h2>`` and ``<h3>`` in it (from
rich text or from a block's heading) gets a stable ``id``: the slug of its text,
numbered when it repeats, never one of the ids the page itself uses. With at least
``MIN_HEADINGS`` headings the article shows the list of anchor links at the top.
A heading that already has an id keeps it.
"""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import slugify

MIN_HEADINGS = 3
HEADING = re.compile(r"<(h[23])(\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
# Ids the article template and the site layout already use.
RESERVED_IDS = {
    "inhoud",
    "inhoudsopgave",
    "inhoudsopgave-kop",
    "feedback",
    "feedback-kop",
    "gerelateerd",
    "stel-je-vraag",
    "stel-je-vraag-kop",
    "id_toelichting",
    "id_toelichting_hulp",
}


def _unique(slug, used):
    candidate, number = slug, 1
    while candidate in used:
        number += 1
        candidate = f"{slug}-{number}"
    used.add(candidate)
    return candidate


def add_heading_ids(body_html):
    """``(html, headings)``: the body with an id on every h2/h3, and those headings in order.

    Each heading is ``{"level": 2 or 3, "id": ..., "text": ...}``.
    """
    used = set(RESERVED_IDS)
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


def article_body_with_toc(page, request=None):
    """``(body_html, toc)`` for an article; ``toc`` is empty with fewer than three headings."""
    from django.utils.safestring import mark_safe

    rendered = page.body.render_as_block(context={"page": page, "request": request})
    body_html, headings = add_heading_ids(str(rendered))
    toc = nest(headings) if len(headings) >= MIN_HEADINGS else []
    return mark_safe(body_html), toc  # noqa: S308 - the blocks' own escaped output plus ids
