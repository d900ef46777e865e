"""The demo village's own part of the site: locales, the home page in both languages, the
site settings (in both languages) and a demo user for every role; English kept in step with
Chinese (wagtail-localize's "synced from"); and, once the shop exists, the home page's hero
work."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from catalogue.models import ProductPage
from core.demo import DEMO_PASSWORD, DEMO_USERS, DemoContext
from core.demo.images import make_renditions, save_image, woven_texture
from core.roles import grant_site_permissions
from home.models import CooperativeSettings, HomePage

# The hero picture as home_page.html shows it (`format-{webp,jpeg} fill-{800x600,1600x700}`).
HERO_RENDITIONS = [f"format-{fmt}|fill-{size}" for fmt in ("webp", "jpeg")
                   for size in ("800x600", "1600x700")]


def load(ctx: DemoContext):
    Locale.objects.get_or_create(language_code="en")
    home = _home_page(ctx)
    # New Chinese pages made in the admin get an English alias until someone translates them.
    LocaleSynchronization.objects.get_or_create(locale=ctx.en, defaults={"sync_from": ctx.zh})
    grant_site_permissions(home)
    _settings(home)
    _users(ctx)
    if home.hero_image:
        make_renditions(ctx, [home.hero_image], HERO_RENDITIONS, label="renditions (home)")


def _home_page(ctx: DemoContext) -> HomePage:
    home = HomePage.objects.filter(locale=ctx.zh).first()
    if home is None:
        root = Page.get_first_root_node()
        hero = save_image(
            woven_texture(ctx.rng("hero"), (1600, 900), "leaf", leaves=True),
            title="首页 · 满天星活体编织", filename="hero.jpg",
        )
        home = HomePage(
            title="天星村植物编艺",
            slug="tianxing",
            hero_heading="一根藤、一株草，编出天星村的好日子",
            hero_text="四百多位手艺人，一百五十户人家，用活的植物和藤竹草木编出绿雕、器物和景观。"
            "在线选购作品，预约定制景观工程，来植物编艺博览园看展。",
            hero_image=hero,
            hero_cta_label="逛逛作品",
            body="<p>天星村植物编艺合作社把村里的编艺手艺人组织起来：建基地、办展览、研发新品、"
            "承揽景观工程，收入按章程分到每一户。</p>",
            seo_title="天星村植物编艺 · 成都温江寿安镇",
            search_description="成都温江寿安镇天星村植物编艺合作社：手艺人、作品、展览与定制景观工程。",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx.count("home pages")
        for site in Site.objects.filter(is_default_site=True):
            old_root = site.root_page
            site.root_page = home
            site.site_name = "天星村植物编艺"
            site.save()
            if old_root.specific_class is Page and not old_root.get_children().exists():
                old_root.delete()
        if not Site.objects.exists():
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True,
                                site_name="天星村植物编艺")
    if not HomePage.objects.filter(locale=ctx.en).exists():
        english = home.copy_for_translation(ctx.en)
        english.title = "Tianxing Plant Weaving"
        english.hero_heading = "A vine, a reed: weaving a good life in Tianxing village"
        english.hero_text = (
            "Over four hundred artisans in some 150 households weave living plants, rattan, "
            "bamboo and straw into green sculptures, crafted pieces and landscapes. Buy a work "
            "online, commission an installation, or visit the Plant Weaving Expo Park."
        )
        english.hero_cta_label = "Browse the works"
        english.body = (
            "<p>The Tianxing plant-weaving cooperative brings the village's weavers together: "
            "workshops, exhibitions, new products and commissioned landscape work, with the "
            "income shared among the households by the cooperative's charter.</p>"
        )
        english.seo_title = "Tianxing Plant Weaving · Shou'an, Wenjiang, Chengdu"
        english.search_description = (
            "The Tianxing village plant-weaving cooperative in Shou'an, Wenjiang, Chengdu: "
            "artisans, works, exhibitions and commissioned landscapes."
        )
        english.save_revision().publish()
        ctx.count("home pages")
    return home


def _settings(home: HomePage):
    site = Site.objects.get(is_default_site=True)
    coop = CooperativeSettings.for_site(site)
    if not coop.phone:
        coop.phone = "028-0000 0000"
        coop.wechat_account = "tianxing_weaving_demo"
        coop.email = "shop@tianxing.example"
        coop.bank_account_name = "天星村植物编艺合作社（演示）"
        coop.bank_account_name_en = "Tianxing Village Plant-Weaving Cooperative (demo)"
        coop.bank_name = "演示银行 寿安支行"
        coop.bank_name_en = "Demo Bank, Shou'an branch"
        coop.bank_account_number = "6200 0000 0000 0000 000"
        coop.opening_hours = "植物编艺博览园 每日 9:00–17:30"
        coop.opening_hours_en = "Plant Weaving Expo Park: daily 9:00–17:30"
        coop.save()


def _users(ctx: DemoContext):
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # one hash for all: each takes ~0.3 s on purpose
    for username, group_name, superuser, _description in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@tianxing.example", "is_staff": superuser,
                      "is_superuser": superuser},
        )
        if created:
            user.password = password
            user.save()
            ctx.count("users")
        user.groups.add(Group.objects.get(name=group_name))


def finish(ctx: DemoContext):
    """Once the shop exists, feature its most expensive living work on the home page."""
    for home in HomePage.objects.filter(hero_work__isnull=True):
        work = (
            ProductPage.objects.live().filter(locale=home.locale, kind="living")
            .order_by("-price", "pk").first()
        )
        if work:
            home.hero_work = work
            home.save_revision().publish()
