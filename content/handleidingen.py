"""Handleidingen (manuals): pages with a body, downloadable documents and an instruction video.

The index groups them by audience. Documents attached to a live manual are public (see
``content.documents``); the rest of the document library is not. Defined in their own module
and imported at the end of ``content/models.py``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.caching.pages import remember, remember_shown
from cms.caching.sitewide import RestrictionsFromCacheMixin, public

from .blocks import BodyBlock
from .choices import Audience


class HandleidingIndexPage(RestrictionsFromCacheMixin, Page):
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
        """[(audience label, [manual, ...]), ...] in the order of ``Audience``.

        One query, kept for one page-cache generation (``cms.caching.pages.remember``): the list
        changes only when a manual is published, unpublished, moved or deleted. The
        labels are translated per request, not kept."""

        def compute():
            manuals = (
                public(HandleidingPage.objects.child_of(self).live())
                .order_by("title")
                .only("id", "title", "url_path", "summary", "audience", "version", "updated_on")
            )
            groups = {value: [] for value in Audience.values}
            for manual in manuals:
                groups.setdefault(manual.audience, []).append(manual)
            return [(value, items) for value, items in groups.items() if items]

        groups = remember(f"manuals-by-audience:{self.pk}", compute)
        return [(Audience(value).label, items) for value, items in groups]


class HandleidingPage(RestrictionsFromCacheMixin, Page):
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
    captions_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="ondertiteling (WebVTT)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Een .vtt-bestand met de ondertiteling van de video, in het Nederlands.",
    )
    transcript = RichTextField(
        "uitgeschreven tekst (transcript)",
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text="Wat er in de video gezegd en getoond wordt, voor wie de video niet kan volgen.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        MultiFieldPanel([FieldPanel("version"), FieldPanel("updated_on")], heading="Versie"),
        FieldPanel("body"),
        InlinePanel("documents", heading="Documenten", label="document"),
        MultiFieldPanel(
            [
                FieldPanel("video_file"),
                FieldPanel("captions_file"),
                FieldPanel("transcript"),
                FieldPanel("video_url"),
            ],
            heading="Instructievideo",
            help_text=(
                "Een eigen video heeft ondertiteling en een transcript nodig "
                "(toegankelijkheidseisen voor overheden, WCAG 1.2.2 en 1.2.3)."
            ),
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

    def clean(self):
        super().clean()
        errors = {}
        if self.video_file_id and not self.video_file.filename.lower().endswith((".mp4", ".webm")):
            errors["video_file"] = "Kies een video in MP4- of WebM-formaat."
        if self.captions_file_id and not self.captions_file.filename.lower().endswith(".vtt"):
            errors["captions_file"] = "Kies een ondertitelbestand in WebVTT-formaat (.vtt)."
        if self.video_file_id and not (self.captions_file_id and self.transcript):
            errors["captions_file"] = (
                "Een eigen video heeft ondertiteling (.vtt) en een transcript nodig."
            )
        if errors:
            raise ValidationError(errors)

    def downloads(self):
        """The documents to download and the PDF made at the last publish (two queries).

        Kept for one page-cache generation: a publish, a new PDF (``HandleidingPdf``)
        and a changed document all start a new one (``cms.caching.pages.connect_signals``,
        ``content.apps``)."""
        generated = HandleidingPdf.objects.filter(page=self).select_related("document").first()
        return {
            "documents": [
                item for item in self.documents.select_related("document") if item.document_id
            ],
            "generated_pdf": generated.document if generated else None,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(remember_shown(request, f"handleiding-downloads:{self.pk}", self.downloads))
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


class HandleidingPdf(models.Model):
    """The PDF generated from a manual's content when it was last published.

    Kept outside the page's revisions: it is output, not content. ``sha256`` lets a
    publish that changed nothing in the PDF leave the file alone.
    """

    page = models.OneToOneField(
        HandleidingPage, on_delete=models.CASCADE, related_name="generated_pdf"
    )
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "gegenereerde PDF van een handleiding"
        verbose_name_plural = "gegenereerde PDF's van handleidingen"

    def __str__(self):
        return f"PDF van {self.page}"
