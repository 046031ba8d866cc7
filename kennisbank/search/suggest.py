"""'Bedoelde je …?': a close word from the indexed vocabulary for a misspelled query word.

The vocabulary is every word of the live kennisbank articles' and handleidingen's
titles, summaries and text. It is built once and kept in the cache until a page is
published or unpublished. Close words are found with the standard library's
``difflib`` (ratio of matching characters), which behaves the same on PostgreSQL
and SQLite; a help centre's vocabulary (a few thousand words) makes that fast.

Each process also keeps the words it read for the page-cache generation it read
them in. Not for the unpickling (a fraction of a millisecond) but because the shared
copy can go: the file cache deletes a third of its entries at random whenever it is
full, which a stream of new searches (each result list is an entry) makes it every
second or so, and building the words again reads all 10,000 articles of ``make
bench-http`` (about a second, in a search request). A publish deletes the shared copy
and then starts a new generation, so no process keeps old words past it.
"""

import difflib
import re

from django.core.cache import cache

from cms.caching.backend import is_away
from cms.caching.pages import generation, purge_all
from kennisbank.search.text import WORD, stream_plain_text

CACHE_KEY = "kennisbank:vocabulary:v1"
MIN_WORD_LENGTH = 4
CUTOFF = 0.8
# This process's copy: {"generation": ..., "words": ...}.
_kept = {}


def build_vocabulary():
    from content.handleidingen import HandleidingPage
    from kennisbank.models import KennisbankArticlePage

    words = set()
    for title, summary, body in (
        KennisbankArticlePage.objects.live().public().values_list("title", "summary", "body")
    ):
        raw = body if isinstance(body, list) else getattr(body, "raw_data", [])
        words.update(WORD.findall(f"{title} {summary} {stream_plain_text(raw)}".lower()))
    for title, summary in HandleidingPage.objects.live().public().values_list("title", "summary"):
        words.update(WORD.findall(f"{title} {summary}".lower()))
    return {w for w in words if len(w) >= MIN_WORD_LENGTH}


def vocabulary():
    """The words, kept in the cache and in the process; None while the cache is away
    (``is_away``, cms.caching.backend): building them reads every article (about a
    second at 10,000), too much for every search, so there is no suggestion until the
    cache is back."""
    if is_away(cache):
        return None
    now = generation()
    if _kept.get("generation") == now:
        return _kept["words"]
    words = cache.get(CACHE_KEY)
    if words is None:
        if is_away(cache):
            return None
        words = build_vocabulary()
        cache.set(CACHE_KEY, words, timeout=None)
    _kept.update(generation=now, words=words)
    return words


def forget_vocabulary(**kwargs):
    """Signal receiver: a page was (un)published, the vocabulary may have changed.

    The new generation after the delete makes every process read the words again,
    also one that read the old words between the publish's own purge and the delete."""
    cache.delete(CACHE_KEY)
    purge_all()


def suggestion(query_string, known=()):
    """The query with unknown words replaced by their closest known word, or None."""
    words = vocabulary()
    if words is None:
        return None
    known = {k.lower() for k in known}
    changed = False

    def replace(match):
        nonlocal changed
        word = match.group().lower()
        if len(word) < MIN_WORD_LENGTH or word in words or word in known:
            return match.group()
        close = difflib.get_close_matches(word, words, n=1, cutoff=CUTOFF)
        if not close:
            return match.group()
        changed = True
        return close[0]

    suggested = re.sub(WORD, replace, query_string)
    return suggested if changed else None
