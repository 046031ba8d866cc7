"""Editors' reports: feedback per article (with a drill-down per article) and
searches that found nothing or whose results were rarely clicked."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from kennisbank.search.clicks import (
    LOW_CLICK_MIN_SEARCHES,
    LOW_CLICK_SEARCHES_PER_CLICK,
    low_click_queries,
)

from .feedback import article_comments, article_totals, feedback_summary
from .models import ArticleFeedback, KennisbankArticlePage, ZeroResultQuery

REPORT_DAYS = 90
REPORT_ROWS = 50
COMMENTS_PER_PAGE = 25


def zero_result_queries(days=REPORT_DAYS, limit=REPORT_ROWS):
    """The most frequent queries without results in the last ``days`` days, one query."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        ZeroResultQuery.objects.filter(date__gte=since)
        .values("query__query_string")
        .annotate(total=Sum("hits"), last_seen=Max("date"))
        .order_by("-total", "query__query_string")[:limit]
    )


def zero_results_view(request):
    if not request.user.has_perm("kennisbank.view_zeroresultquery"):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "kennisbank/admin/zero_results.html",
        {
            "rows": zero_result_queries(),
            "low_click_rows": low_click_queries(REPORT_DAYS, REPORT_ROWS),
            "min_searches": LOW_CLICK_MIN_SEARCHES,
            "searches_per_click": LOW_CLICK_SEARCHES_PER_CLICK,
            "days": REPORT_DAYS,
            "header_icon": "search",
        },
    )


def feedback_view(request):
    if not request.user.has_perm("kennisbank.view_articlefeedback"):
        raise PermissionDenied
    if "artikel" in request.GET:
        return article_feedback_view(request, request.GET["artikel"])
    articles = feedback_summary(KennisbankArticlePage.objects.all())[:REPORT_ROWS]
    comments = (
        ArticleFeedback.objects.filter(helpful=False)
        .exclude(comment="")
        .select_related("article")
        .only("comment", "created_at", "article__title", "article__id")[:REPORT_ROWS]
    )
    return TemplateResponse(
        request,
        "kennisbank/admin/feedback.html",
        {"articles": articles, "comments": comments, "header_icon": "help"},
    )


def article_feedback_view(request, article_id):
    """``?artikel=<id>``: the totals and every comment of one article, paginated."""
    if not article_id.isdigit():
        raise Http404
    article = get_object_or_404(
        KennisbankArticlePage.objects.only("id", "title"), pk=int(article_id)
    )
    comments = Paginator(article_comments(article), COMMENTS_PER_PAGE)
    return TemplateResponse(
        request,
        "kennisbank/admin/feedback_article.html",
        {
            "article": article,
            "totals": article_totals(article),
            "comments": comments.get_page(request.GET.get("pagina")),
            "header_icon": "help",
        },
    )
