"""General pages: the home page and plain standard pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.caching.pages import remember
from cms.caching.routing import OneQueryRouteMixin
from cms.caching.sitewide import RestrictionsFromCacheMixin, public


class HomePage(OneQueryRouteMixin, RestrictionsFromCacheMixin, Page):
    """The site's front page: an introduction and links into the portal.

    As the site root it routes every page below it (``cms.caching.routing``).
    """

    intro = RichTextField(_("introductie"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("homepagina")

    def get_context(self, request, *args, **kwargs):
        """The latest newsletter beside the search, and what other apps add (popular
        articles, from ``kennisbank``: ``content.home``), all derived from published
        content and so kept for one page-cache generation (cms.caching.pages)."""
        from .home import extra_context

        context = super().get_context(request, *args, **kwargs)
        context.update(extra_context())
        context["latest_newsletter"] = remember("latest-newsletter", latest_newsletter)[0]
        return context


def latest_newsletter():
    """``(the newest public issue or None,)``: a tuple, as ``remember`` keeps no None."""
    from .nieuwsbrieven.models import NewsletterPage

    issues = public(NewsletterPage.objects.live()).only("id", "title", "url_path", "issue_date")
    return (issues.order_by("-issue_date", "-first_published_at").first(),)


class StandardPage(RestrictionsFromCacheMixin, Page):
    """A plain page: title, introduction and body text."""

    intro = RichTextField(_("introductie"), blank=True, features=["bold", "italic", "link"])
    body = RichTextField(_("tekst"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standaardpagina")


# Handleidingen and newsletters live in their own modules; importing them here
# registers their models with the content app.
from .handleidingen import (  # noqa: E402, F401
    HandleidingDocument,
    HandleidingIndexPage,
    HandleidingPage,
    HandleidingPdf,
)
from .nieuwsbrieven.models import *  # noqa: E402, F401, F403
from .toegankelijkheid import BekendProbleem, ToegankelijkheidPage  # noqa: E402, F401
