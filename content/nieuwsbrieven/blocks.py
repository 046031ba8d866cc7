"""StreamField blocks of a newsletter issue.

Each block renders twice: on the website (its ``template``) and in the e-mail,
where ``content.nieuwsbrieven.rendering`` renders the same block data with inline
styles, because mail clients ignore style sheets.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("tekst"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Kop (niveau 2)")), ("h3", _("Tussenkop (niveau 3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Kop")
        template = "content/newsletter/blocks/heading.html"


class ButtonBlock(blocks.StructBlock):
    """A call to action: a page on this site or any web address."""

    label = blocks.CharBlock(label=_("tekst op de knop"), max_length=80)
    page = blocks.PageChooserBlock(label=_("pagina"), required=False)
    url = blocks.URLBlock(label=_("of webadres"), required=False)

    class Meta:
        icon = "link"
        label = _("Knop")
        template = "content/newsletter/blocks/button.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": _("Kies een pagina of vul een webadres in.")}
            )
        return value


class NewsletterImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("afbeelding"))
    alt = blocks.CharBlock(
        label=_("alternatieve tekst"),
        max_length=250,
        required=False,
        help_text=_("Wat staat er op de afbeelding? Leeg laten als die alleen decoratief is."),
    )
    caption = blocks.CharBlock(label=_("onderschrift"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "content/newsletter/blocks/image.html"


class OproepBlock(blocks.StructBlock):
    """A call to the reader to do something before a deadline."""

    title = blocks.CharBlock(label=_("titel"), max_length=200)
    text = blocks.RichTextBlock(label=_("tekst"), features=["bold", "italic", "link", "ul"])
    deadline = blocks.DateBlock(label=_("uiterlijk op"), required=False)
    link_label = blocks.CharBlock(label=_("tekst van de link"), max_length=80, required=False)
    link_url = blocks.URLBlock(label=_("webadres van de link"), required=False)

    class Meta:
        icon = "warning"
        label = _("Oproep")
        template = "content/newsletter/blocks/oproep.html"


class PageLinkBlock(blocks.StructBlock):
    """A reference to a page on the site, such as a kennisbank article."""

    page = blocks.PageChooserBlock(label=_("pagina"))
    label = blocks.CharBlock(
        label=_("tekst van de link"),
        max_length=200,
        required=False,
        help_text=_("Leeg: de titel van de pagina."),
    )
    description = blocks.TextBlock(label=_("korte toelichting"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Verwijzing naar een pagina (bijv. kennisbank)")
        template = "content/newsletter/blocks/page_link.html"


class NewsletterStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Tekst"),
        features=RICH_TEXT_FEATURES,
        template="content/newsletter/blocks/text.html",
    )
    button = ButtonBlock()
    image = NewsletterImageBlock()
    oproep = OproepBlock()
    page_link = PageLinkBlock()
