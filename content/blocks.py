"""StreamField blocks shared by kennisbank articles, handleidingen and nieuwsbrieven.

Every block renders accessible HTML without JavaScript. Videos are never
embedded: without network access an embed is an empty box, so a video link is a
plain link (and an uploaded video a ``<video>`` element plus a download link).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("stap"), max_length=200)
    text = blocks.RichTextBlock(
        label=_("toelichting"), required=False, features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        label = _("stap")


class StepsBlock(blocks.StructBlock):
    """A numbered list of steps, rendered as an ``<ol>``."""

    heading = blocks.CharBlock(label=_("kop"), required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("stappen"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("genummerde stappen")
        template = "content/blocks/steps.html"


class CalloutBlock(blocks.StructBlock):
    """A "Let op" box for a warning the reader must not miss."""

    heading = blocks.CharBlock(label=_("kop"), default="Let op", max_length=100)
    text = blocks.RichTextBlock(label=_("tekst"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Let op")
        template = "content/blocks/callout.html"


class ImageBlock(blocks.StructBlock):
    """An image with a required alternative text (and an optional caption)."""

    image = ImageChooserBlock(label=_("afbeelding"))
    alt_text = blocks.CharBlock(
        label=_("alternatieve tekst"),
        max_length=250,
        help_text=_("Beschrijf wat er op de afbeelding staat, voor wie hem niet kan zien."),
    )
    caption = blocks.CharBlock(label=_("onderschrift"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("afbeelding")
        template = "content/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    """A download link to a Wagtail document, with its type and size."""

    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(
        label=_("linktekst"), required=False, max_length=200, help_text=_("Leeg: titel")
    )

    class Meta:
        icon = "doc-full"
        label = _("document downloaden")
        template = "content/blocks/document.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link to an instruction video elsewhere; never embedded."""

    url = blocks.URLBlock(label=_("adres van de video"))
    title = blocks.CharBlock(label=_("titel"), max_length=200)
    duration = blocks.CharBlock(
        label=_("duur"), required=False, max_length=20, help_text=_("Bijvoorbeeld 4:30")
    )

    class Meta:
        icon = "media"
        label = _("videolink")
        template = "content/blocks/video_link.html"


class BodyBlock(blocks.StreamBlock):
    """The body of a help text: the blocks an editor may combine freely."""

    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)
    steps = StepsBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    document = DocumentBlock()
    video = VideoLinkBlock()
