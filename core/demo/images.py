"""Pillow-drawn demo pictures: basket-weave textures in plant colours, leafy living works, and
portrait silhouettes on a woven ground. Deterministic for a given seed."""

from __future__ import annotations

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model

PALETTES = {
    "straw": [(201, 154, 46), (222, 184, 98), (176, 128, 42), (240, 214, 150)],
    "bamboo": [(150, 164, 78), (190, 196, 112), (118, 132, 60), (214, 212, 150)],
    "rattan": [(150, 96, 52), (186, 128, 74), (120, 74, 40), (210, 160, 104)],
    "leaf": [(47, 93, 42), (80, 130, 62), (31, 66, 25), (122, 168, 92)],
    "willow": [(120, 110, 86), (160, 148, 112), (92, 84, 66), (196, 184, 146)],
}


def _shade(colour, amount):
    return tuple(max(0, min(255, channel + amount)) for channel in colour)


def woven_texture(rng: random.Random, size=(640, 480), palette: str = "straw", leaves=False):
    width, height = size
    colours = PALETTES[palette]
    image = PILImage.new("RGB", size, _shade(colours[2], -40))
    draw = ImageDraw.Draw(image)
    strand = rng.choice([18, 22, 26, 30])
    gap = max(2, strand // 8)
    weave = rng.choice([1, 2])  # plain weave or twill
    for row, y in enumerate(range(-strand, height + strand, strand)):
        for col, x in enumerate(range(-strand, width + strand, strand)):
            colour = colours[(row + col) % 2 if weave == 1 else ((row + col) // 2) % 3]
            colour = _shade(colour, rng.randint(-14, 14))
            vertical_on_top = ((row // weave) + (col // weave)) % 2 == 0
            if vertical_on_top:
                box = (x + gap, y, x + strand - gap, y + strand)
                draw.rectangle(box, fill=colour)
                draw.line((x + gap, y, x + gap, y + strand), fill=_shade(colour, 30), width=2)
                draw.line((x + strand - gap, y, x + strand - gap, y + strand),
                          fill=_shade(colour, -45), width=2)
            else:
                box = (x, y + gap, x + strand, y + strand - gap)
                draw.rectangle(box, fill=colour)
                draw.line((x, y + gap, x + strand, y + gap), fill=_shade(colour, 30), width=2)
                draw.line((x, y + strand - gap, x + strand, y + strand - gap),
                          fill=_shade(colour, -45), width=2)
    if leaves:
        greens = PALETTES["leaf"]
        for _ in range(rng.randint(40, 90)):
            cx, cy = rng.randint(0, width), rng.randint(0, height)
            rx, ry = rng.randint(6, 18), rng.randint(3, 8)
            if rng.random() < 0.5:
                rx, ry = ry, rx
            draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry),
                         fill=_shade(rng.choice(greens), rng.randint(-10, 20)))
        for _ in range(rng.randint(2, 5)):
            cx, cy = rng.randint(0, width), rng.randint(0, height)
            r = rng.randint(3, 6)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(236, 236, 244))
    return image.filter(ImageFilter.SMOOTH)


def portrait(rng: random.Random, size=(480, 480)):
    palette = rng.choice(list(PALETTES))
    image = woven_texture(rng, size, palette)
    overlay = PILImage.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = size
    body = rng.choice([(62, 74, 58), (86, 64, 52), (48, 60, 84), (110, 82, 60), (70, 70, 70)])
    skin = rng.choice([(226, 188, 150), (212, 170, 130), (236, 200, 166)])
    hair = rng.choice([(30, 28, 26), (60, 56, 52), (170, 170, 170), (210, 210, 210)])
    draw.ellipse((width * 0.18, height * 0.62, width * 0.82, height * 1.25), fill=body + (255,))
    draw.ellipse((width * 0.33, height * 0.22, width * 0.67, height * 0.62), fill=skin + (255,))
    draw.chord((width * 0.31, height * 0.18, width * 0.69, height * 0.52), 180, 360,
               fill=hair + (255,))
    if rng.random() < 0.4:  # a straw hat
        draw.ellipse((width * 0.2, height * 0.2, width * 0.8, height * 0.3),
                     fill=PALETTES["straw"][1] + (255,))
        draw.chord((width * 0.34, height * 0.08, width * 0.66, height * 0.34), 180, 360,
                   fill=PALETTES["straw"][0] + (255,))
    image = PILImage.alpha_composite(image.convert("RGBA"), overlay)
    return image.convert("RGB")


def existing_images() -> dict:
    """Every image by title, in one query: loaders look their pictures up here instead of
    one query per picture."""
    return {image.title: image for image in get_image_model().objects.all()}


def save_image(picture, *, title: str, filename: str, owner=None, collection=None,
               existing: dict | None = None):
    """Create (or return the existing) Wagtail image with this title. `picture` is a Pillow
    image or a function drawing one (only called when the image is new); `existing` is
    `existing_images()`, to save a query per picture."""
    Image = get_image_model()
    found = existing.get(title) if existing is not None else (
        Image.objects.filter(title=title).first())
    if found:
        return found
    pil_image = picture() if callable(picture) else picture
    buffer = io.BytesIO()
    pil_image.save(buffer, format="JPEG", quality=82, optimize=True)
    # Dimensions and size given, so the file is not opened again to measure it.
    kwargs = {"title": title, "file": ImageFile(buffer, name=filename), "uploaded_by_user": owner,
              "width": pil_image.width, "height": pil_image.height,
              "file_size": buffer.getbuffer().nbytes}
    if collection is not None:
        kwargs["collection"] = collection
    image = Image(**kwargs)
    image.save()
    if existing is not None:
        existing[title] = image
    return image


def make_renditions(ctx, images, specs: list[str], *, label: str = "renditions") -> None:
    """Make the renditions the public pages will ask for (`specs` as the templates write
    them, e.g. "format-webp|fill-320x320"), so that no visitor waits for one. Each source
    file is opened once for all its specs; renditions that exist are skipped."""
    images = list({image.pk: image for image in images}.values())
    progress = ctx.progress(label, len(images))
    for image in images:
        image.get_renditions(*specs)
        progress.advance()
    progress.finish()
