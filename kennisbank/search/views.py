"""Search over the help centre: at ``/zoeken/`` (the whole site) and inside the kennisbank.

Wagtail's database backend does the work: PostgreSQL full text search with the Dutch
configuration in production (``SEARCH_CONFIG: "dutch"``), SQLite's FTS or a plain
fallback elsewhere. Every query is logged in Wagtail's ``Query``/``QueryDailyHits``;
queries that found nothing are also counted per day in ``ZeroResultQuery`` so the
editors' report can list what people looked for and did not find.

On top of the backend: synonyms from the admin (``synonyms.py``), an order that puts
title matches and articles first (``ranking.py``) and "Bedoelde je …?" for
misspelled words (``suggest.py``).
"""

import hashlib
import html
import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page

from cms.caching.pages import remember
from cms.caching.sitewide import public
from cms.choices import choice_label
from cms.security import ratelimit
from content.choices import Audience
from content.handleidingen import HandleidingPage
from kennisbank.daycounts import add_one
from kennisbank.models import KennisbankArticlePage, ZeroResultQuery
from kennisbank.search.backend import TOTAL
from kennisbank.search.ranking import MAX_CANDIDATES, RankedHits, ranked_results
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
    """``(head, total)``: the first ``MAX_CANDIDATES`` results of a query, best first,
    and the number of all its results. All words must match; when that finds nothing,
    any word may. On PostgreSQL the total comes with the head (``search_backend.TOTAL``);
    elsewhere it is one count query, also for a short head, so that the number of
    queries does not depend on the data."""
    results = search_pages(query_string, **filters)
    head = list(results[:MAX_CANDIDATES])
    if not head and len(query_string.split()) > 1:
        results = search_pages(query_string, operator="or", **filters)
        head = list(results[:MAX_CANDIDATES])
    if not head:
        return head, 0
    if hasattr(head[0], TOTAL):
        return head, getattr(head[0], TOTAL)
    return head, results.count()


def log_query(query_string, result_count, date=None):
    """Count the query in Wagtail's query hits; count it again if it found nothing.

    Two statements: Wagtail's ``Query.get`` and one upsert of the day's count, where
    ``Query.add_hit`` reads the row and then updates it."""
    query = Query.get(query_string)
    date = date or timezone.localdate()
    table = connection.ops.quote_name(QueryDailyHits._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (query_id, date, hits) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {table}.hits + 1",
            [query.pk, date],
        )
    if result_count == 0:
        add_one(ZeroResultQuery, "hits", query=query, date=date)
    return query


def promotions_for(query):
    """The editors' chosen best results for this query, live pages and external links
    only; kept per generation (a publish or a changed promotion starts a new one)."""

    def compute():
        promotions = SearchPromotion.objects.filter(query=query).select_related("page")
        return [p for p in promotions.order_by("sort_order") if p.page is None or p.page.live]

    return remember(f"search-promotions:{query.pk}", compute)


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
    variants, the re-ordered head as hits and the total number of results.

    That is most of a search's queries and time, and only a publish, unpublish, move or
    restriction, or an editor's synonym, can change it: ``render_search`` keeps it per
    query for one page-cache generation (``cms.caching.pages.remember``)."""
    filters = {"audience": audience, "within": within}
    variants, head, total = ranked_results(query_string, search_head, **filters)
    return {
        "variants": variants,
        "hits": [describe(page, query_string) for page in head],
        "count": len(head) + max(0, total - MAX_CANDIDATES),
    }


def kept_result_list(query_string, audience, within):
    """``result_list`` kept per generation. Search, synonyms, title matching and the
    snippets' marks all ignore case and extra spaces, so "Archiveren" and " archiveren"
    share the list of "archiveren"."""
    query_string = " ".join(query_string.lower().split())
    key = "\0".join([query_string, audience or "", str(within.pk) if within else ""])
    name = "search:" + hashlib.sha256(key.encode()).hexdigest()
    return remember(name, lambda: result_list(query_string, audience, within))


def result_pages(query_string, audience, within):
    """The paginated results of one query (the kept head, then the full search) and
    the query's synonym variants."""
    kept = kept_result_list(query_string, audience or None, within)
    hits = RankedHits(
        kept["hits"],
        kept["count"],
        primary=lambda: search_with_fallback(
            query_string, audience=audience or None, within=within
        ),
        describe=lambda page: describe(page, query_string),
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
        paginator, variants = result_pages(query_string, audience, within)
        # Words that are synonyms are known words, even when no page uses them.
        known = " ".join(variants[1:]).split()
        context["did_you_mean"] = suggestion(query_string, known=known)
        # The zero-result report keeps what the reader typed, whatever is shown.
        paginator_count = paginator.count
        query = log_query(query_string, paginator_count)
        if paginator.count == 0 and context["did_you_mean"] and not request.GET.get("precies"):
            corrected, _variants = result_pages(context["did_you_mean"], audience, within)
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
