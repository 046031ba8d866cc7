"""Search over the help centre: at ``/zoeken/`` (the whole site) and inside the kennisbank.

Wagtail's database backend does the work: PostgreSQL full text search with the Dutch
configuration in production (``SEARCH_CONFIG: "dutch"``), SQLite's FTS or a plain
fallback elsewhere. Every query is logged in Wagtail's ``Query``/``QueryDailyHits``;
queries that found nothing are also counted per day in ``ZeroResultQuery`` so the
editors' report can list what people looked for and did not find (``querylog.py``).

On top of the backend: synonyms from the admin (``synonyms.py``), an order that puts
title matches and articles first (``ranking.py``) and "Bedoelde je …?" for
misspelled words (``suggest.py``).
"""

import hashlib
import html
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.caching.pages import remember
from cms.caching.sitewide import public
from cms.choices import choice_label
from cms.security import ratelimit
from content.choices import Audience
from content.handleidingen import HandleidingPage
from kennisbank.models import KennisbankArticlePage
from kennisbank.search.backend import ranked_head
from kennisbank.search.querylog import (
    count_search,
    count_zero_result,
    log_query,
    promotions_for,
)
from kennisbank.search.ranking import MAX_CANDIDATES, Candidate, RankedHits, ranked_results
from kennisbank.search.suggest import suggestion
from kennisbank.search.text import stream_plain_text

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 240


def search_pages(query_string, *, audience=None, within=None, operator="and"):
    """Search results (lazy, sliceable) for a query, limited to an audience and a section.

    ``within`` (the kennisbank index) limits the search to its articles. ``audience``
    keeps pages for that audience and for "iedereen"; pages without an audience
    (standard pages) are for everybody.
    """
    if within is not None:
        pages = public(KennisbankArticlePage.objects.live()).descendant_of(within)
        if audience:
            pages = pages.filter(audience__in=Audience.matching(audience))
    else:
        pages = public(Page.objects.live()).exclude(depth=1)
        if audience:
            allowed = Audience.matching(audience)
            other_articles = KennisbankArticlePage.objects.exclude(audience__in=allowed)
            other_manuals = HandleidingPage.objects.exclude(audience__in=allowed)
            pages = pages.exclude(id__in=other_articles.values("id")).exclude(
                id__in=other_manuals.values("id")
            )
        pages = pages.specific()
    return pages.search(query_string, operator=operator)


def search_with_fallback(query_string, **filters):
    """All words must match; when that finds nothing, any word may (best matches first)."""
    results = search_pages(query_string, **filters)
    if len(query_string.split()) > 1 and results.count() == 0:
        results = search_pages(query_string, operator="or", **filters)
    return results


def search_head(query_string, **filters):
    """``(head, total)``: the first ``MAX_CANDIDATES`` results of a query, best first, as
    ``ranking.Candidate``, and the number of all its results. All words must match;
    when that finds nothing, any word may. On PostgreSQL one narrow query gives both
    (``search_backend.ranked_head``); elsewhere Wagtail's search loads the pages and the
    total is one count query, also for a short head, so that the number of queries
    does not depend on the data."""
    operators = ["and", "or"] if len(query_string.split()) > 1 else ["and"]
    for operator in operators:
        results = search_pages(query_string, operator=operator, **filters)
        if connection.vendor == "postgresql":
            rows, total = ranked_head(results, MAX_CANDIDATES)
            head = [Candidate(pk, title, model_of(ct).model, ct) for pk, ct, title in rows]
        else:
            pages = list(results[:MAX_CANDIDATES])
            head = [
                Candidate(p.pk, p.title, p._meta.model_name, p.content_type_id, p) for p in pages
            ]
            total = results.count() if head else 0
        if head:
            return head, total
    return [], 0


def model_of(content_type_id):
    """The content type (Django keeps them in memory after the first read)."""
    return ContentType.objects.get_for_id(content_type_id)


def load_candidates(candidates):
    """``{id: page}`` of candidates the search did not load: one query per page type,
    as Wagtail's ``specific()`` loads them after its search."""
    by_type = {}
    for candidate in candidates:
        by_type.setdefault(candidate.content_type_id, []).append(candidate.pk)
    pages = {}
    for content_type_id, pks in by_type.items():
        model = model_of(content_type_id).model_class() or Page
        pages.update(model._base_manager.in_bulk(pks))
    return pages


def load_pages(pks):
    """``{id: page}``, specific, of the live public pages among ``pks``: the hits of a
    later page of the kept head, made when that page is shown."""
    pages = public(Page.objects.live()).filter(pk__in=pks).specific()
    return {page.pk: page for page in pages}


def _term_patterns(query_string):
    """Regexes for the query's words that also catch inflections (archiveren ~ gearchiveerd)."""
    patterns = []
    for term in re.findall(r"\w+", query_string.lower()):
        if len(term) < 3:
            continue
        stem = term[: max(4, len(term) - 3)] if len(term) > 5 else term
        patterns.append(re.escape(stem))
    if not patterns:
        return None
    return re.compile(r"\w*(?:" + "|".join(patterns) + r")\w*", re.IGNORECASE)


def highlight(text, query_string, length=SNIPPET_LENGTH):
    """A snippet of ``text`` around the first match, HTML-escaped, matches in ``<mark>``."""
    text = re.sub(r"\s+", " ", text or "").strip()
    pattern = _term_patterns(query_string)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    window = text[start : start + length]
    if start + length < len(text):
        window = window[: window.rfind(" ")] if " " in window else window
    pieces = []
    position = 0
    for match in pattern.finditer(window) if pattern else []:
        pieces.append(html.escape(window[position : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    pieces.append(html.escape(window[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped


def result_text(page):
    """The text a result's snippet is cut from, without extra queries."""
    parts = [getattr(page, "summary", "") or page.search_description or ""]
    body = getattr(page, "body", None)
    if hasattr(body, "raw_data"):
        parts.append(stream_plain_text(body.raw_data))
    elif isinstance(body, str):
        parts.append(re.sub(r"<[^>]+>", " ", body))
    intro = getattr(page, "intro", "")
    if isinstance(intro, str):
        parts.append(re.sub(r"<[^>]+>", " ", intro))
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class Hit:
    """One result as the list shows it: plain data, so a result list can be kept."""

    pk: int
    title: str
    audience: str
    snippet: str

    @property
    def audience_label(self):
        return choice_label(Audience, self.audience) if self.audience else ""


def describe(page, query_string):
    return Hit(
        page.pk,
        page.title,
        getattr(page, "audience", ""),
        highlight(result_text(page), query_string),
    )


def result_list(query_string, audience, within):
    """What a result list shows for a query, the same for every visitor: the synonym
    variants, the re-ordered head and the total number of results. The head holds the
    hits of the first page and the ids of the rest (``ranking.RankedHits`` makes their
    hits when they are shown).

    That is most of a search's queries and time, and only a publish, unpublish, move or
    restriction, or an editor's synonym, can change it: ``render_search`` keeps it per
    query for one page-cache generation (``cms.caching.pages.remember``)."""
    filters = {"audience": audience, "within": within}
    variants, head, total = ranked_results(query_string, search_head, **filters)
    first = head[:RESULTS_PER_PAGE]
    loaded = load_candidates([c for c in first if c.page is None])
    hits = []
    for candidate in first:
        page = candidate.page if candidate.page is not None else loaded.get(candidate.pk)
        if page is not None:
            hits.append(describe(page, query_string))
    return {
        "variants": variants,
        "hits": hits + [c.pk for c in head[RESULTS_PER_PAGE:]],
        "count": len(hits) + len(head[RESULTS_PER_PAGE:]) + max(0, total - MAX_CANDIDATES),
    }


def kept_result_list(query_string, audience, within, keep=True):
    """``result_list`` kept per generation. Search, synonyms, title matching and the
    snippets' marks all ignore case and extra spaces, so "Archiveren" and " archiveren"
    share the list of "archiveren".

    ``keep=False`` (a query nobody asked before today) uses a kept list but keeps no new
    one: most queries of a day are asked once, and each kept list is an entry of the
    shared cache. The file cache deletes a third of its entries at random when it is
    full, which a stream of one-off searches made it every second or so, taking the
    page-cache generation and everything kept for it along (``make bench-http``); in
    Redis they would only push out what is asked again."""
    query_string = " ".join(query_string.lower().split())
    key = "\0".join([query_string, audience or "", str(within.pk) if within else ""])
    name = "search:" + hashlib.sha256(key.encode()).hexdigest()
    return remember(name, lambda: result_list(query_string, audience, within), store=keep)


def result_pages(query_string, audience, within, keep=True):
    """The paginated results of one query (the kept head, then the full search) and
    the query's synonym variants."""
    kept = kept_result_list(query_string, audience or None, within, keep)
    hits = RankedHits(
        kept["hits"],
        kept["count"],
        primary=lambda: search_with_fallback(
            query_string, audience=audience or None, within=within
        ),
        describe=lambda page: describe(page, query_string),
        load=load_pages,
    )
    return Paginator(hits, RESULTS_PER_PAGE), kept["variants"]


def render_search(request, within=None):
    """The search page, for ``/zoeken/`` and for the kennisbank's own search.

    A query that finds nothing, where "Bedoelde je …?" has a correction that does
    find something, shows the correction's results at once, with a link back to
    the query as typed (``precies=1``), as large help centres do; the zero-result
    report still counts the query as typed.

    The kennisbank's own search is a Wagtail page and so is served from the page cache
    on a repeat; the response leaves a note (``SEARCH_NOTE``) with which the cache
    counts the query on every hit too (``count_cached_search``)."""
    query_string = request.GET.get("q", "").strip()
    if query_string and not ratelimit.allow_client("search_ip", request):
        return ratelimit.too_many_requests(request, "search_ip")
    audience = request.GET.get("doelgroep", "")
    errors = []
    status = 200
    if audience and audience not in Audience.values:
        errors.append(_("Kies een doelgroep uit de lijst."))
        audience = ""
        status = 400
    if len(query_string) > MAX_QUERY_LENGTH:
        errors.append(
            _("Je zoekvraag is te lang; gebruik hoogstens %(max)s tekens.")
            % {"max": MAX_QUERY_LENGTH}
        )
        query_string = ""
        status = 400

    context = {
        "page": within,
        "within": within,
        "query_string": query_string,
        "audience": audience,
        "audiences": Audience.choices,
        "errors": errors,
        "results": None,
        "promotions": [],
        "action": within.url + within.reverse_subpage("search_view") if within else "/zoeken/",
    }
    if query_string:
        query, asked_today = count_search(query_string)
        keep = asked_today > 1  # see kept_result_list
        paginator, variants = result_pages(query_string, audience, within, keep)
        # Words that are synonyms are known words, even when no page uses them.
        known = " ".join(variants[1:]).split()
        context["did_you_mean"] = suggestion(query_string, known=known)
        # The zero-result report keeps what the reader typed, whatever is shown.
        paginator_count = paginator.count
        if paginator_count == 0:
            count_zero_result(query)
        if paginator.count == 0 and context["did_you_mean"] and not request.GET.get("precies"):
            corrected, _variants = result_pages(context["did_you_mean"], audience, within, keep)
            if corrected.count:
                context["corrected_from"] = query_string
                context["shown_query"] = context["did_you_mean"]
                paginator = corrected
        results = paginator.get_page(request.GET.get("pagina"))
        context["query_id"] = query.pk  # result links count clicks (clicks.py)
        if results.number == 1:
            context["promotions"] = promotions_for(query)
        context["results"] = results
        context["hits"] = list(results)
    response = TemplateResponse(request, "kennisbank/search.html", context, status=status)
    if query_string:
        response.page_cache_notes = {SEARCH_NOTE: {"q": query_string, "count": paginator_count}}
    return response


SEARCH_NOTE = "kennisbank.search"


def count_cached_search(request, payload):
    """A cached search page was served again: count its query as its first render did.

    Why count on the hit rather than keep search out of the page cache: a hit with
    these two statements (``log_query``) still skips routing, the search and the
    template, which a rendered repeat search pays for. A hit also counts against the
    visitor's search limit, as a rendered search does; past it the page is still
    served from the cache but not counted, so one visitor cannot inflate the report."""
    if ratelimit.allow_client("search_ip", request):
        log_query(payload["q"], payload["count"])


def search_view(request):
    return render_search(request)
