"""Result order that matches what a reader expects from a help centre.

The full-text rank alone let a newsletter that mentions "archiveren" five times
beat the article titled "Dossiers archiveren". Results are therefore gathered for
the query and its synonym variants, and ordered by: the title contains a query
word (or a synonym of it) first; then kennisbank articles, handleidingen, other
pages, newsletters; then the search backend's own rank. A help centre's result
lists are short, so the candidates (at most ``MAX_CANDIDATES`` per variant) are
ordered in Python and paginated as a list; ``kennisbank.search.views`` keeps that list
per query for one page-cache generation.
"""

import re

from kennisbank.search.synonyms import query_variants

MAX_CANDIDATES = 100
KIND_ORDER = {
    "kennisbankarticlepage": 0,
    "handleidingpage": 1,
    "newsletterpage": 3,
}
OTHER_KIND = 2


def _word_pattern(text):
    """Words of the query as stems (archiveren ~ archiveer), for title matching."""
    stems = []
    for term in re.findall(r"\w+", text.lower()):
        if len(term) < 3:
            continue
        stems.append(re.escape(term[: max(4, len(term) - 3)] if len(term) > 5 else term))
    return re.compile(r"(?<!\w)\w*(?:" + "|".join(stems) + r")", re.IGNORECASE) if stems else None


def title_matches(title, variants):
    return any((p := _word_pattern(v)) is not None and p.search(title) for v in variants)


def ranked_results(query_string, search, **filters):
    """``(variants, head, total)``: the query and its synonyms; the pages found for
    them, best first (at most ``MAX_CANDIDATES`` per variant); and the number of
    results of the query itself, whose later results continue the list past the head.
    ``search`` is ``kennisbank.search.views.search_head``."""
    variants = query_variants(query_string)
    seen = {}
    total = None
    for variant_index, variant in enumerate(variants):
        found, count = search(variant, **filters)
        total = count if total is None else total
        for position, page in enumerate(found):
            if page.pk not in seen:
                seen[page.pk] = (variant_index, position, page)

    def key(entry):
        variant_index, position, page = entry
        kind = KIND_ORDER.get(page._meta.model_name, OTHER_KIND)
        return (not title_matches(page.title, variants), kind, variant_index, position)

    head = [entry[2] for entry in sorted(seen.values(), key=key)]
    return variants, head, total


class RankedHits:
    """The kept hits of the head, then hits of the primary results past the window,
    made on demand; sliceable for Paginator. ``describe(page)`` makes a hit."""

    def __init__(self, head, count, primary, describe):
        self.head = head
        self._count = count
        self.primary = primary
        self.describe = describe

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop if item.stop is not None else self._count
        hits = self.head[start:stop]
        if stop > len(self.head):
            offset = MAX_CANDIDATES + max(0, start - len(self.head))
            pages = self.primary()[offset : offset + (stop - max(start, len(self.head)))]
            hits += [self.describe(page) for page in pages]
        return hits
