"""Clicks on search results, counted per query per day, without personal data.

A result link goes through ``/zoeken/klik/<query id>/<page id>/``, which adds one
to the day's counter of that query and redirects to the page. Nothing about the
reader is stored: no user, IP address, session or cookie; the query is Wagtail's
shared ``Query`` row (the normalised search words, already logged by the search).

With the searches per query (``QueryDailyHits``) and the searches without results
(``ZeroResultQuery``), this gives the editors' report its "low-click" list: queries
that found pages but whose results readers rarely open, so the pages found are
probably not what people were looking for.
"""

import datetime

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Page

from cms.caching.sitewide import public
from cms.security import ratelimit
from kennisbank.daycounts import add_one

# A query is "low-click" when it found results at least this often in the period ...
LOW_CLICK_MIN_SEARCHES = 5
# ... and got at most one click per this many searches with results.
LOW_CLICK_SEARCHES_PER_CLICK = 5


class SearchClickDay(models.Model):
    """How often, on one day, a result of a search query was opened."""

    query = models.ForeignKey(
        Query, on_delete=models.CASCADE, related_name="click_days", verbose_name=_("zoekvraag")
    )
    date = models.DateField(_("datum"))
    clicks = models.PositiveIntegerField(_("aantal keer doorgeklikt"), default=0)

    class Meta:
        app_label = "kennisbank"
        verbose_name = _("doorklikken op zoekresultaten per dag")
        verbose_name_plural = _("doorklikken op zoekresultaten per dag")
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="unique_search_click_day")
        ]

    def __str__(self):
        return f"{self.query_id} {self.date}: {self.clicks}"


def record_click(query, date=None):
    date = date or timezone.localdate()
    add_one(SearchClickDay, "clicks", query=query, date=date)


@require_GET
def result_click(request, query_id, page_id):
    """Count the click (unless this address is over the search rate limit) and go to the page."""
    page = get_object_or_404(public(Page.objects.live()).exclude(depth=1), pk=page_id)
    query = Query.objects.filter(pk=query_id).first()
    if query is not None and ratelimit.allow_client("search_ip", request):
        record_click(query)
    return redirect(page.url or "/")


def _summed(model, field, since):
    return Coalesce(
        Subquery(
            model.objects.filter(query=OuterRef("pk"), date__gte=since)
            .order_by()
            .values("query")
            .annotate(total=Sum(field))
            .values("total")[:1]
        ),
        0,
    )


def low_click_queries(days, limit):
    """Queries that found results often in the last ``days`` days but were rarely
    clicked, most searched first (one query)."""
    ZeroResultQuery = apps.get_model("kennisbank", "ZeroResultQuery")
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        Query.objects.filter(pk__in=QueryDailyHits.objects.filter(date__gte=since).values("query"))
        .annotate(
            searches=_summed(QueryDailyHits, "hits", since),
            without_results=_summed(ZeroResultQuery, "hits", since),
            clicks=_summed(SearchClickDay, "clicks", since),
        )
        .annotate(with_results=F("searches") - F("without_results"))
        .annotate(unclicked=F("with_results") - F("clicks") * LOW_CLICK_SEARCHES_PER_CLICK)
        .filter(with_results__gte=LOW_CLICK_MIN_SEARCHES, unclicked__gte=0)
        .order_by("-with_results", "query_string")
        .values("query_string", "with_results", "clicks")[:limit]
    )
