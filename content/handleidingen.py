"""Handleidingen (manuals): pages with a body, downloadable documents and an instruction video.

The index groups them by audience. Documents attached to a live manual are public (see
``content.documents``); the rest of the document library is not. Defined in their own module
and imported at the end of ``content/models.py``.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock
from .choices import Audience


class HandleidingIndexPage(Page):
    """``/handleidingen/``: every manual, grouped by audience."""

    intro = RichTextField("introductie", blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.HandleidingPage"]
    max_count = 1

    class Meta:
        verbose_name = "handleidingenoverzicht"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.manuals_by_audience()
        return context

    def manuals_by_audience(self):
        """[(audience label, [manual, ...]), ...] in the order of ``Audience``; one query."""
        manuals = (
            HandleidingPage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
            .only("id", "title", "url_path", "summary", "audience", "version", "updated_on")
        )
        groups = {value: [] for value in Audience.values}
        for manual in manuals:
            groups.setdefault(manual.audience, []).append(manual)
        return [(Audience(value).label, items) for value, items in groups.items() if items]


class HandleidingPage(Page):
    """One manual: text, documents to download, an instruction video, audience and version."""

    summary = models.CharField("samenvatting", max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name="inhoud", blank=True)
    audience = models.CharField(
        "doelgroep", max_length=20, choices=Audience.choices, default=Audience.IEDEREEN
    )
    version = models.CharField("versie", max_length=40, blank=True)
    updated_on = models.DateField("datum van deze versie", null=True, blank=True)
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="instructievideo (bestand)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Een geüpload videobestand (MP4).",
    )
    video_url = models.URLField(
        "instructievideo (externe link)",
        blank=True,
        help_text="Wordt als gewone link getoond, nooit ingesloten.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        MultiFieldPanel([FieldPanel("version"), FieldPanel("updated_on")], heading="Versie"),
        FieldPanel("body"),
        InlinePanel("documents", heading="Documenten", label="document"),
        MultiFieldPanel(
            [FieldPanel("video_file"), FieldPanel("video_url")], heading="Instructievideo"
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["content.HandleidingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "handleiding"
        verbose_name_plural = "handleidingen"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = [
            item for item in self.documents.select_related("document") if item.document_id
        ]
        return context


class HandleidingDocument(Orderable):
    """A downloadable document (PDF, DOCX) that belongs to a manual."""

    page = ParentalKey(HandleidingPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="document", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField("linktekst", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "document van een handleiding"
        verbose_name_plural = "documenten van handleidingen"
