"""Popular articles from page views, counted without cookies or personal data.

A view is one row per article per day with a counter: no user, no IP address, no
session, no cookie. The count comes from a small beacon (``gelezen.js`` posts to
``/zoeken/gelezen/<id>/`` after the article is shown) rather than from the article
view itself, because a page cache in front of the site serves most article views
without reaching Django. Readers without JavaScript are not counted, and nothing
stops a reader from posting twice: the figure is approximate, which is all that
"populair" needs.
"""

from datetime import timedelta

from django.apps import apps
from django.db import models
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.caching.sitewide import public

from .daycounts import add_one

POPULAR_DAYS = 30
POPULAR_COUNT = 5


class ArticleViewDay(models.Model):
    """How often an article was read on one day; nothing about who read it."""

    article = models.ForeignKey(
        "kennisbank.KennisbankArticlePage",
        verbose_name=_("artikel"),
        on_delete=models.CASCADE,
        related_name="view_days",
    )
    date = models.DateField(_("datum"))
    views = models.PositiveIntegerField(_("aantal keer gelezen"), default=0)

    class Meta:
        app_label = "kennisbank"
        verbose_name = _("aantal keer gelezen per dag")
        verbose_name_plural = _("aantal keer gelezen per dag")
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="unique_article_view_day")
        ]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.views}"


def record_view(article, date=None):
    """Add one view for today (two queries; concurrent views add up through F())."""
    date = date or timezone.localdate()
    add_one(ArticleViewDay, "views", article=article, date=date)


def popular_articles(limit=POPULAR_COUNT, days=POPULAR_DAYS, today=None):
    """The most read live, public articles of the last ``days`` days (one query, cached).

    Before anything has been counted (a new site), the most recently published
    articles stand in, so the home page never shows an empty list.
    """
    from cms.caching.pages import remember

    KennisbankArticlePage = apps.get_model("kennisbank", "KennisbankArticlePage")

    today = today or timezone.localdate()

    def compute():
        since = today - timedelta(days=days)
        articles = KennisbankArticlePage.objects.live().public().only("id", "title", "url_path")
        counted = list(
            articles.filter(view_days__date__gte=since)
            .annotate(recent_views=Sum("view_days__views"))
            .order_by("-recent_views", "title")[:limit]
        )
        if counted:
            return counted
        return list(articles.order_by("-first_published_at", "title")[:limit])

    # Summing a month of views for every article on each home page view costs more
    # than the rest of the page; "popular" may lag a few minutes (cms.caching.pages.remember).
    return remember(f"popular:{today}:{days}:{limit}", compute)


@csrf_exempt  # no session, no user, no state but an anonymous counter; see module docstring
@require_POST
def view_beacon(request, page_id):
    KennisbankArticlePage = apps.get_model("kennisbank", "KennisbankArticlePage")

    article = get_object_or_404(public(KennisbankArticlePage.objects.live()), pk=page_id)
    record_view(article)
    return HttpResponse(status=204)
