"""Sections within a category: index → category → (section →) article.

A category may hold sections and articles side by side; a section holds articles
only. The category page lists its sections, each with its first articles, then the
articles that sit directly in the category (paginated). The whole listing takes a
fixed number of queries however many sections and articles there are: one for the
sections, one for the first ``SECTION_PREVIEW`` articles of every section (a window
function numbers them per section), one for the article counts per section and two
for the paginated loose articles.

Imported at the bottom of ``models.py`` (Wagtail finds page types through the
models module); so it does not import that module: the article model is looked up
by name (``apps.get_model``), and what both pages use (``breadcrumbs``,
``ARTICLES_PER_PAGE``) lives here.
"""

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.caching.sitewide import RestrictionsFromCacheMixin, public

ARTICLES_PER_PAGE = 20
SECTION_PREVIEW = 10
LISTED_FIELDS = ("id", "title", "url_path", "summary", "audience", "updated_on", "path")


def listed_articles(parent):
    """The live, public articles directly under ``parent`` (a category or a section),
    in tree order, with only the fields a list shows."""
    KennisbankArticlePage = apps.get_model("kennisbank", "KennisbankArticlePage")
    return (
        public(KennisbankArticlePage.objects.child_of(parent).live())
        .order_by("path")
        .only(*LISTED_FIELDS)
    )


def breadcrumbs(page):
    """The live ancestors below the site root, for the breadcrumb trail (one query)."""
    return list(
        page.get_ancestors().filter(depth__gt=2).live().only("id", "title", "url_path", "depth")
    )


class KennisbankSectionPage(RestrictionsFromCacheMixin, Page):
    """A group of articles inside a category, such as "Afronden en overdragen"."""

    intro = RichTextField(_("introductie"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["kennisbank.KennisbankCategoryPage"]
    subpage_types = ["kennisbank.KennisbankArticlePage"]
    template = "kennisbank/kennisbank_category_page.html"

    class Meta:
        app_label = "kennisbank"
        verbose_name = _("kennisbanksectie")
        verbose_name_plural = _("kennisbanksecties")

    def articles(self):
        return listed_articles(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.articles(), ARTICLES_PER_PAGE)
        context["articles"] = paginator.get_page(request.GET.get("pagina"))
        context["sections"] = []
        context["is_section"] = True
        context["breadcrumbs"] = breadcrumbs(self)
        return context


def sections_with_articles(category, preview=SECTION_PREVIEW):
    """The live sections of ``category``, each with ``.preview`` (its first articles)
    and ``.article_count``; three queries in all."""
    KennisbankArticlePage = apps.get_model("kennisbank", "KennisbankArticlePage")
    sections = list(
        public(KennisbankSectionPage.objects.child_of(category).live())
        .order_by("path")
        .only("id", "title", "url_path", "path", "intro")
    )
    if not sections:
        return []
    section_path_length = (category.depth + 1) * Page.steplen
    in_sections = (
        public(KennisbankArticlePage.objects.live())
        .filter(path__startswith=category.path, depth=category.depth + 2)
        .annotate(section_path=Substr("path", 1, section_path_length))
    )
    first_articles = (
        in_sections.annotate(
            position=Window(RowNumber(), partition_by=[F("section_path")], order_by="path")
        )
        .filter(position__lte=preview)
        .order_by("path")
        .only(*LISTED_FIELDS)
    )
    counts = {
        row["section_path"]: row["n"]
        for row in in_sections.values("section_path").annotate(n=Count("id")).order_by()
    }
    by_section = {section.path: section for section in sections}
    for section in sections:
        section.preview = []
        section.article_count = counts.get(section.path, 0)
    for article in first_articles:
        section = by_section.get(article.section_path)
        if section is not None:
            section.preview.append(article)
    return sections
