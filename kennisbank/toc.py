"""Table of contents for long articles, made in Python while rendering (no JavaScript).

The article body is rendered to HTML once; every ``<h2>`` and ``<h3>`` in it (from
rich text or from a block's heading) gets a stable ``id``: the slug of its text,
numbered when it repeats, never one of the ids the page itself uses. With at least
``MIN_HEADINGS`` headings the article shows the list of anchor links at the top.
A heading that already has an id keeps it.
"""

from django.utils.safestring import mark_safe

from content import headings as _headings
from content.headings import nest

MIN_HEADINGS = 3

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


def add_heading_ids(body_html):
    """``(html, headings)`` with the article page's own ids reserved (``content.headings``)."""
    return _headings.add_heading_ids(body_html, reserved=RESERVED_IDS)


def article_body_with_toc(page, request=None):
    """``(body_html, toc)`` for an article; ``toc`` is empty with fewer than three headings."""
    rendered = page.body.render_as_block(context={"page": page, "request": request})
    body_html, headings = add_heading_ids(str(rendered))
    toc = nest(headings) if len(headings) >= MIN_HEADINGS else []
    return mark_safe(body_html), toc  # noqa: S308 - the blocks' own escaped output plus ids
