"""Editors' reports: feedback per article and searches that found nothing."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.template.response import TemplateResponse
from django.utils import timezone

from .feedback import feedback_summary
from .models import ArticleFeedback, KennisbankArticlePage, ZeroResultQuery

REPORT_DAYS = 90
REPORT_ROWS = 50


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
        {"rows": zero_result_queries(), "days": REPORT_DAYS, "header_icon": "search"},
    )


def feedback_view(request):
    if not request.user.has_perm("kennisbank.view_articlefeedback"):
        raise PermissionDenied
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
