"""The StreamField blocks every page type shares; apps add their own only when they need them."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class TitledImageBlock(ImageBlock):
    """Wagtail's ImageBlock, whose alt text falls back on the image's description or title
    when none is written (as Wagtail itself does for pictures stored before alt text
    existed). A picture imported or placed without alt text is then described by its title
    instead of stopping the editor at "add alt text" on a picture they did not touch.
    Its picture chooser is labelled in the user's language (Wagtail derives that label from
    the field name, so it would read "Image*" in the Chinese admin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_blocks["image"].label = _("Picture")

    def _struct_value_to_image(self, struct_value):
        image = super()._struct_value_to_image(struct_value)
        if image and not image.decorative and not (image.contextual_alt_text or "").strip():
            image.contextual_alt_text = image.default_alt_text
        return image


class ImageWithCaptionBlock(blocks.StructBlock):
    image = TitledImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image with caption")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=100, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    size = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("Size")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(ImageWithCaptionBlock(), label=_("Images"))

    class Meta:
        icon = "image"
        template = "blocks/gallery_block.html"
        label = _("Gallery")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph")
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        help_text=_("A video address, e.g. a process video"), label=_("Video"), icon="media"
    )
