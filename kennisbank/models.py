"""Knowledge base: index → category → article, with labels, audience and feedback.

Articles are Wagtail pages, so editors get drafts, the moderation workflow,
scheduled publishing and revisions for free. Feedback ("was dit nuttig?") and
zero-result searches are plain models, shown to editors in admin reports.
"""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.db.models.functions import Substr
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.search_promotions.models import Query
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.registry import Registry
from cms.caching.pages import remember_shown
from cms.caching.sitewide import RestrictionsFromCacheMixin
from content.blocks import BodyBlock
from content.choices import Audience
from kennisbank.search.text import dutch_word_forms, stream_plain_text

from .feedback_panel import FeedbackSummaryPanel

RELATED_COUNT = 3
# The index's search route is served by ``kennisbank.search.views``, which builds on these
# models; it registers ``render_search`` under "search" in ``KennisbankConfig.ready``, so
# the models import no view.
index_views = Registry("kennisbank.models.index_views")


class KennisbankIndexPage(RoutablePageMixin, RestrictionsFromCacheMixin, Page):
    """``/kennisbank/``: categories, promoted articles and a search box."""

    intro = RichTextField(_("introductie"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("promoted_articles", heading=_("Uitgelichte artikelen"), label=_("artikel")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["kennisbank.KennisbankCategoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("kennisbank")

    def contents(self):
        """Categories with their article counts, promoted and latest articles (six
        queries). Like an article's surroundings they change only on a publish,
        unpublish, move or delete: kept for one page-cache generation."""
        categories = list(KennisbankCategoryPage.objects.child_of(self).live().public())
        counts = article_counts(self)
        for category in categories:
            category.article_count = counts.get(category.path, 0)
        promoted = [
            item.article
            for item in self.promoted_articles.select_related("article")
            if item.article.live
        ]
        latest = list(
            KennisbankArticlePage.objects.descendant_of(self)
            .live()
            .public()
            .order_by("-last_published_at")
            .only("id", "title", "url_path", "summary", "audience")[:5]
        )
        return {"categories": categories, "promoted": promoted, "latest": latest}

    @path("")
    def index_view(self, request):
        contents = remember_shown(request, f"kennisbank-index:{self.pk}", self.contents)
        return self.render(request, context_overrides={**contents, "audiences": Audience.choices})

    @path("zoeken/")
    def search_view(self, request):
        return index_views["search"](request, within=self)


def article_counts(kennisbank):
    """{category path: number of live articles} for every category of the index, in one query
    (articles in the category's sections count for the category). Counting 10,000
    articles takes 5 ms; the index keeps the result with its other ``contents()``."""
    category_path_length = (kennisbank.depth + 1) * Page.steplen
    rows = (
        KennisbankArticlePage.objects.live()
        .public()
        .filter(
            path__startswith=kennisbank.path,
            depth__in=[kennisbank.depth + 2, kennisbank.depth + 3],
        )
        .annotate(category_path=Substr("path", 1, category_path_length))
        .values("category_path")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["category_path"]: row["n"] for row in rows}


class PromotedArticle(Orderable):
    """An article the editors put on the front of the kennisbank."""

    page = ParentalKey(
        KennisbankIndexPage, related_name="promoted_articles", on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        "kennisbank.KennisbankArticlePage",
        verbose_name=_("artikel"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("article")]


class KennisbankCategoryPage(RestrictionsFromCacheMixin, Page):
    """A category: an introduction, its sections with their articles, then its own articles."""

    intro = RichTextField(_("introductie"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["kennisbank.KennisbankIndexPage"]
    subpage_types = ["kennisbank.KennisbankSectionPage", "kennisbank.KennisbankArticlePage"]

    class Meta:
        verbose_name = _("kennisbankcategorie")
        verbose_name_plural = _("kennisbankcategorieën")

    def articles(self):
        return listed_articles(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.articles(), ARTICLES_PER_PAGE)
        context["articles"] = paginator.get_page(request.GET.get("pagina"))
        context["sections"] = sections_with_articles(self)
        context["breadcrumbs"] = breadcrumbs(self)
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "kennisbank.KennisbankArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class KennisbankArticlePage(RoutablePageMixin, RestrictionsFromCacheMixin, Page):
    """One help article: summary, body, labels, audience and related articles."""

    summary = models.CharField(
        _("samenvatting"),
        max_length=300,
        help_text=_("Eén of twee zinnen; verschijnt in lijsten en zoekresultaten."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("labels"))
    audience = models.CharField(
        _("doelgroep"), max_length=20, choices=Audience.choices, default=Audience.IEDEREEN
    )
    updated_on = models.DateField(
        _("laatst bijgewerkt"),
        null=True,
        blank=True,
        help_text=_("Leeg: de datum van de laatste publicatie."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("audience"), FieldPanel("updated_on")],
            heading=_("Labels en doelgroep"),
        ),
        InlinePanel(
            "related_links",
            heading=_("Gerelateerde artikelen"),
            label=_("artikel"),
            help_text=_("Leeg: berekend uit gedeelde labels en de categorie."),
        ),
        FeedbackSummaryPanel(heading=_("Feedback van lezers")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=3),
        index.SearchField("body_text"),
        index.SearchField("tag_names", boost=2),
        index.SearchField("word_forms", boost=0.5),
        index.FilterField("audience"),
    ]
    parent_page_types = ["kennisbank.KennisbankCategoryPage", "kennisbank.KennisbankSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("kennisbankartikel")
        verbose_name_plural = _("kennisbankartikelen")

    # Search index values ---------------------------------------------------

    def body_text(self):
        return stream_plain_text(self.body.raw_data)

    def tag_names(self):
        return " ".join(tag.name for tag in self.tags.all())

    def word_forms(self):
        return dutch_word_forms(" ".join([self.title, self.summary, self.body_text()]))

    # Display ---------------------------------------------------------------

    @property
    def last_updated(self):
        if self.updated_on:
            return self.updated_on
        return self.last_published_at.date() if self.last_published_at else None

    def related_articles(self):
        """The editors' choice, else articles sharing most labels, then same category."""
        chosen = [
            link.article
            for link in self.related_links.select_related("article")
            if link.article.live
        ]
        if chosen:
            return chosen[:RELATED_COUNT]
        tag_ids = list(self.tags.values_list("id", flat=True))
        base = (
            KennisbankArticlePage.objects.live()
            .public()
            .exclude(id=self.id)
            .only("id", "title", "url_path", "summary")
        )
        related = []
        if tag_ids:
            related = list(
                base.filter(tagged_items__tag_id__in=tag_ids)
                .annotate(shared=Count("tagged_items"))
                .order_by("-shared", "title")[:RELATED_COUNT]
            )
        if len(related) < RELATED_COUNT:
            parent_path = self.path[: -Page.steplen]
            related += list(
                base.filter(path__startswith=parent_path, depth=self.depth)
                .exclude(id__in=[a.id for a in related])
                .order_by("path")[: RELATED_COUNT - len(related)]
            )
        return related

    def siblings(self):
        qs = KennisbankArticlePage.objects.sibling_of(self, inclusive=False).live().public()
        previous = qs.filter(path__lt=self.path).order_by("-path").only("id", "title", "url_path")
        following = qs.filter(path__gt=self.path).order_by("path").only("id", "title", "url_path")
        return previous.first(), following.first()

    def surroundings(self):
        """What the article shows that only a publish, unpublish, move or delete can
        change: its rendered body with the table of contents, its labels, and the pages
        around it (breadcrumbs, related articles, previous and next). That is six to
        eight queries and most of the rendering, so a live article keeps it for one
        page-cache generation (``cms.caching.pages.remember``); a preview computes it afresh.
        The body is rendered without the request: no body block may depend on who
        asks (``content.blocks``)."""
        from .toc import article_body_with_toc

        body_html, toc = article_body_with_toc(self)
        previous, following = self.siblings()
        return {
            "body_html": body_html,
            "toc": toc,
            "tag_names": [tag.name for tag in self.tags.all()],
            "breadcrumbs": breadcrumbs(self),
            "related": self.related_articles(),
            "previous_article": previous,
            "next_article": following,
        }

    @path("")
    def article_view(self, request):
        from .feedback import feedback_state, has_voted

        surroundings = remember_shown(request, f"article-surroundings:{self.pk}", self.surroundings)
        return self.render(
            request,
            context_overrides={
                **surroundings,
                "has_voted": has_voted(request, self),
                "feedback_state": feedback_state(request, self),
                # (an unsaved page in the editor's preview has no URL yet)
                "feedback_url": (self.url or "") + self.reverse_subpage("feedback"),
            },
        )

    @path("nuttig/", name="feedback")
    def feedback_view(self, request):
        from .feedback import handle_feedback_post

        if request.method != "POST":
            return redirect(self.url)
        return handle_feedback_post(request, self)


class RelatedArticle(Orderable):
    """An article an editor chose as related."""

    page = ParentalKey(
        KennisbankArticlePage, related_name="related_links", on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        KennisbankArticlePage, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class ArticleFeedback(models.Model):
    """One "was dit nuttig?" vote. No personal data: no user, no IP, no session id."""

    article = models.ForeignKey(
        KennisbankArticlePage,
        verbose_name=_("artikel"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    helpful = models.BooleanField(_("nuttig"))
    comment = models.TextField(_("toelichting"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("gegeven op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("feedback op een artikel")
        verbose_name_plural = _("feedback op artikelen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.article_id}: {'ja' if self.helpful else 'nee'}"


class ZeroResultQuery(models.Model):
    """How often, per day, a search query found nothing: what editors should write next."""

    query = models.ForeignKey(
        Query,
        on_delete=models.CASCADE,
        related_name="zero_result_days",
        verbose_name=_("zoekvraag"),
    )
    date = models.DateField(_("datum"))
    hits = models.PositiveIntegerField(_("aantal keer"), default=0)

    class Meta:
        verbose_name = _("zoekvraag zonder resultaat")
        verbose_name_plural = _("zoekvragen zonder resultaat")
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="unique_zero_result_per_day")
        ]

    def __str__(self):
        return f"{self.query_id} {self.date}: {self.hits}"


# Models that live in their own modules (counters, synonyms, the section page); importing
# them here registers them. They look these models up by name instead of importing this
# module. The section page's module also holds what both listing pages use
# (``ARTICLES_PER_PAGE``, ``breadcrumbs``), read by the methods above at call time.
from kennisbank.search.clicks import SearchClickDay  # noqa: E402, F401
from kennisbank.search.synonyms import SynonymGroup  # noqa: E402, F401

from .popularity import ArticleViewDay  # noqa: E402, F401
from .sections import (  # noqa: E402, F401
    ARTICLES_PER_PAGE,
    KennisbankSectionPage,
    breadcrumbs,
    listed_articles,
    sections_with_articles,
)
