"""Result order that matches what a reader expects from a help centre.

The full-text rank alone let a newsletter that mentions "archiveren" five times
beat the article titled "Dossiers archiveren". Results are therefore gathered for
the query and its synonym variants, and ordered by: the title contains a query
word (or a synonym of it) first; then kennisbank articles, handleidingen, other
pages, newsletters; then the search backend's own rank. A help centre's result
lists are short, so the candidates (at most ``MAX_CANDIDATES`` per variant) are
ordered in Python and paginated as a list; ``kennisbank.search.views`` keeps that list
per query for one page-cache generation.

The order needs only a page's id, title and type (``Candidate``): at 10,000 articles
loading and describing every candidate was a third of an unseen search, where a
reader sees ten. The hits of the first page are made with the list; a later page of
the head loads its pages when it is shown (``RankedHits``).
"""

import re
from dataclasses import dataclass, field

from kennisbank.search.synonyms import query_variants

MAX_CANDIDATES = 100
KIND_ORDER = {
    "kennisbankarticlepage": 0,
    "handleidingpage": 1,
    "newsletterpage": 3,
}
OTHER_KIND = 2


@dataclass(frozen=True)
class Candidate:
    """What the order reads of a result: its id, title and page type (the model's
    name, and its content type for loading it); ``page`` where the search loaded it
    anyway (Wagtail's backend, on SQLite)."""

    pk: int
    title: str
    model_name: str
    content_type_id: int
    page: object = field(default=None, compare=False, repr=False)


def _word_pattern(text):
    """Words of the query as stems (archiveren ~ archiveer), for title matching."""
    stems = []
    for term in re.findall(r"\w+", text.lower()):
        if len(term) < 3:
            continue
        stems.append(re.escape(term[: max(4, len(term) - 3)] if len(term) > 5 else term))
    return re.compile(r"(?<!\w)\w*(?:" + "|".join(stems) + r")", re.IGNORECASE) if stems else None


def _title_patterns(variants):
    return [p for p in map(_word_pattern, variants) if p is not None]


def title_matches(title, variants, patterns=None):
    """Whether a word of the query or of a synonym variant (as a stem) is in the title;
    ``patterns`` are ``_title_patterns(variants)``, made once for a whole list."""
    patterns = _title_patterns(variants) if patterns is None else patterns
    return any(p.search(title) for p in patterns)


def ranked_results(query_string, search, **filters):
    """``(variants, head, total)``: the query and its synonyms; the candidates found
    for them, best first (at most ``MAX_CANDIDATES`` per variant); and the number of
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

    patterns = _title_patterns(variants)

    def key(entry):
        variant_index, position, page = entry
        kind = KIND_ORDER.get(page.model_name, OTHER_KIND)
        return (not title_matches(page.title, variants, patterns), kind, variant_index, position)

    head = [entry[2] for entry in sorted(seen.values(), key=key)]
    return variants, head, total


class RankedHits:
    """The head, then hits of the primary results past it, made on demand; sliceable
    for Paginator. The head holds a ``Hit`` where one was made with the list and a page
    id elsewhere: ``load(ids)`` gives those pages (``{id: page}``) when they are shown,
    and ``describe(page)`` makes a hit."""

    def __init__(self, head, count, primary, describe, load):
        self.head = head
        self._count = count
        self.primary = primary
        self.describe = describe
        self.load = load

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def _described(self, entries):
        missing = [entry for entry in entries if isinstance(entry, int)]
        pages = self.load(missing) if missing else {}
        return [
            self.describe(pages[entry]) if isinstance(entry, int) else entry
            for entry in entries
            if not isinstance(entry, int) or entry in pages
        ]

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop if item.stop is not None else self._count
        hits = self._described(self.head[start:stop])
        if stop > len(self.head):
            offset = MAX_CANDIDATES + max(0, start - len(self.head))
            pages = self.primary()[offset : offset + (stop - max(start, len(self.head)))]
            hits += [self.describe(page) for page in pages]
        return hits
