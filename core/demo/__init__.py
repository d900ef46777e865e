"""The demo toolkit every app's `demo.py` uses: the context (scale, seeded randomness,
progress, counts), the demo users and the section-page helper. `load_demo_village` (in `home`)
runs each app's `demo.load(ctx)` in the order of INSTALLED_APPS, then each `demo.finish(ctx)`;
every loader is deterministic (its own seeded Random) and idempotent (it looks records up by
their natural key before creating them).

The context's helpers:
- `ctx.scaled(base)`, `ctx.pool(base)` (shared pictures), `ctx.rng(name)`,
  `ctx.progress(label, total)`, `ctx.count(what, n)`, `ctx.zh` / `ctx.en`,
  `ctx.home(locale)`, `ctx.section_page(model, chinese=, english=)`,
  `ctx.user(username)`.
- Many pages at once (see `core.demo.pages`): build unsaved pages, then
  `ctx.add_pages(parent, pages)`; their English versions with
  `ctx.translation_copy(page, ctx.en, title=..., ...)` added under
  `parent.get_translation(ctx.en)`; then `ctx.index_pages(model, pages)` for search. A few
  INSERTs per hundred pages, no signals, no revisions, no reference index.
- Pictures (`core.demo.images`): `existing_images()` once, `save_image(draw, title=...,
  filename=..., existing=...)` per picture, and `make_renditions(ctx, images, specs)` for
  the renditions the public pages show, so no first visit waits for one.
- `core.demo.pages.block_id(...)`: stable StreamField block ids for raw StreamField data
  (a translation's blocks must carry its source's ids).
- Names (`core.demo.names.chinese_name(rng)`): made-up names, never a real person's."""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from core.demo import pages as bulk

DEMO_PASSWORD = "tianxing-demo"
DEMO_USERS = [
    # username, group, superuser, description
    ("admin", "Administrators", True, "administrator · 管理员"),
    ("committee", "Committee", False, "village committee · 村委会"),
    ("accountant", "Accountants", False, "cooperative accountant · 合作社会计"),
    ("artisan", "Artisans", False, "artisan who owns one portfolio page · 手艺人"),
    ("artisan2", "Artisans", False, "a second artisan, to see the boundary · 另一位手艺人"),
]


class Progress:
    """A one-line progress bar on a terminal; a single summary line elsewhere (CI logs)."""

    def __init__(self, stdout, label: str, total: int):
        self.stdout, self.label, self.total, self.done = stdout, label, max(total, 1), 0
        self.interactive = getattr(getattr(stdout, "_out", stdout), "isatty", lambda: False)()

    def advance(self, step: int = 1):
        self.done += step
        if self.interactive:
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "-" * (30 - filled)
            self.stdout.write(f"\r  {self.label:<28} [{bar}] {self.done}/{self.total}", ending="")
            self.stdout.flush()

    def finish(self):
        if self.interactive:
            self.stdout.write("")
        else:
            self.stdout.write(f"  {self.label:<28} {self.done}/{self.total}")


@dataclass
class DemoContext:
    scale: float
    stdout: object = sys.stdout
    created: dict = field(default_factory=dict)
    started: datetime = field(default_factory=timezone.now)

    def scaled(self, base: int) -> int:
        """How many of a thing to make: `base` at scale 1 (the real village's size)."""
        return max(2, round(base * self.scale))

    def pool(self, base: int, minimum: int = 4) -> int:
        """How many shared pictures to draw: `base` from a quarter of the village up, fewer
        for the tiny villages of the tests (each picture costs its renditions)."""
        return base if self.scale >= 0.25 else max(minimum, round(base * self.scale * 4))

    def rng(self, name: str) -> random.Random:
        return random.Random(f"tianxing-demo:{name}")

    def progress(self, label: str, total: int) -> Progress:
        return Progress(self.stdout, label, total)

    def count(self, what: str, n: int = 1):
        self.created[what] = self.created.get(what, 0) + n

    @property
    def zh(self) -> Locale:
        return Locale.objects.get(language_code="zh-hans")

    @property
    def en(self) -> Locale:
        return Locale.objects.get(language_code="en")

    def home(self, locale: Locale | None = None) -> Page:
        """The default site's home page in `locale` (Chinese by default)."""
        root = Site.objects.get(is_default_site=True).root_page
        return root.get_translation(locale or self.zh).specific

    def section_page(self, model, *, chinese: dict, english: dict):
        """The home page's Chinese child of type `model` (a section such as the artisan
        directory or the shop), created in the menu if missing, with its English translation."""
        page = model.objects.filter(locale=self.zh).first()
        if page is None:
            page = model(show_in_menus=True, **chinese)
            self.home(self.zh).add_child(instance=page)
            page.save_revision().publish()
            self.count("pages")
        if not page.has_translation(self.en):
            translation = page.copy_for_translation(self.en)
            for field, value in english.items():
                setattr(translation, field, value)
            translation.save_revision().publish()
            self.count("pages")
        return page

    def add_pages(self, parent: Page, pages: list[Page]) -> list[Page]:
        """Add unsaved `pages` under `parent` in bulk (see core.demo.pages.add_pages)."""
        bulk.add_pages(parent, pages)
        self.count("pages", len(pages))
        return pages

    translation_copy = staticmethod(bulk.translation_copy)
    index_pages = staticmethod(bulk.index_pages)

    def user(self, username: str):
        return get_user_model().objects.get(username=username)
