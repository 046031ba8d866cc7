"""Result order that matches what a reader expects from a help centre.

The full-text rank alone let a newsletter that mentions "archiveren" five times
beat the article titled "Dossiers archiveren". Results are therefore gathered for
the query and its synonym variants, and ordered by: the title contains a query
word (or a synonym of it) first; then kennisbank articles, handleidingen, other
pages, newsletters; then the search backend's own rank. A help centre's result
lists are short, so the candidates (at most ``MAX_CANDIDATES`` per variant) are
ordered in Python and paginated as a list.
"""

import re

from .synonyms import query_variants

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
    """Pages for the query and its synonyms, best first. ``search`` is search_with_fallback."""
    variants = query_variants(query_string)
    seen = {}
    for variant_index, variant in enumerate(variants):
        for position, page in enumerate(search(variant, **filters)[:MAX_CANDIDATES]):
            if page.pk not in seen:
                seen[page.pk] = (variant_index, position, page)

    def key(entry):
        variant_index, position, page = entry
        kind = KIND_ORDER.get(page._meta.model_name, OTHER_KIND)
        return (not title_matches(page.title, variants), kind, variant_index, position)

    head = [entry[2] for entry in sorted(seen.values(), key=key)]
    return RankedResults(head, search(variants[0], **filters)), variants


class RankedResults:
    """The re-ordered head, then the primary results past the window; sliceable for Paginator."""

    def __init__(self, head, primary):
        self.head = head
        self.primary = primary
        self._tail_count = None

    def count(self):
        if self._tail_count is None:
            # Always one count query, so the number of queries does not depend on the data.
            beyond = max(0, self.primary.count() - MAX_CANDIDATES)
            self._tail_count = len(self.head) + beyond
        return self._tail_count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop if item.stop is not None else self.count()
        pages = self.head[start:stop]
        if stop > len(self.head):
            offset = MAX_CANDIDATES + max(0, start - len(self.head))
            pages += list(self.primary[offset : offset + (stop - max(start, len(self.head)))])
        return pages
