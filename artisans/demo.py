"""The demo village's households and artisans: ~150 households in 12 village groups and 420
artisans (times --scale) with portraits, Chinese biographies (some in English too),
techniques, specialties and portfolios. The demo users `artisan` and `artisan2` own the first
two pages. Deterministic and idempotent: records are looked up by code before being made."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from artisans import services
from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique
from core.demo import DemoContext
from core.demo.images import portrait, save_image, woven_texture
from core.demo.names import chinese_name

HOUSEHOLDS = 150
ARTISANS = 420
VILLAGE_GROUPS = 12
TRANSLATED_EVERY = 10  # one biography in ten is translated into English

# slug, Chinese, English, picture palette, living plants
TECHNIQUES = [
    ("living-green-sculpture", "活体绿雕", "Living green sculpture", "leaf", True),
    ("straw-weaving", "草编", "Straw weaving", "straw", False),
    ("bamboo-weaving", "竹编", "Bamboo weaving", "bamboo", False),
    ("rattan-weaving", "藤编", "Rattan weaving", "rattan", False),
    ("palm-fibre-weaving", "棕编", "Palm-fibre weaving", "straw", False),
    ("willow-weaving", "柳编", "Willow weaving", "willow", False),
    ("living-vine-training", "活藤造型", "Living vine training", "leaf", True),
]
SPECIALTIES = [
    ("animal-figures", "动物造型", "Animal figures"),
    ("garden-arches", "园林拱门", "Garden arches"),
    ("baskets-and-planters", "花篮花器", "Baskets and planters"),
    ("household-ware", "家居器物", "Household ware"),
    ("furniture", "编织家具", "Woven furniture"),
    ("landscape-installations", "景观装置", "Landscape installations"),
    ("lamps", "灯具", "Lamps"),
    ("festive-decorations", "节庆装饰", "Festive decorations"),
    ("toys", "儿童玩具", "Children's toys"),
]
PLACES = {"植物编艺博览园": "the Plant Weaving Expo Park", "一亩原乡": "Yimu Yuanxiang",
          "满天星": "Mantianxing"}
AWARDS = [
    "温江区植物编艺技能大赛一等奖",
    "成都市乡村工匠",
    "四川省民间工艺美术作品展银奖",
    "寿安镇优秀手艺人",
    "天府农博会创意作品奖",
]
WORK_SUBJECTS = ["熊猫", "孔雀", "梅花鹿", "拱门", "花篮", "茶几", "灯罩", "鸟巢", "果盘", "长廊"]
PORTFOLIO_POOL = 36  # shared portfolio pictures: galleries reuse them instead of drawing each


def load(ctx: DemoContext):
    techniques = _vocabulary(ctx, Technique, [(slug, zh, en) for slug, zh, en, *_ in TECHNIQUES])
    specialties = _vocabulary(ctx, Specialty, SPECIALTIES)
    households = _households(ctx)
    index = _index_page(ctx)
    pool = _portfolio_pictures(ctx)
    # Demo pages skip the reference index (image usage counts; `manage.py
    # rebuild_references_index` fills it) and are search-indexed in one bulk pass.
    with disable_reference_index_auto_update(), search_index_afterwards(ArtisanPage):
        _artisans(ctx, index, households, techniques, specialties, pool)
    services.grant_section_permissions(index)


@contextmanager
def search_index_afterwards(model):
    """Index `model`'s pages in bulk once the loop is done, instead of one task per save
    (a quarter of the loading time at any scale)."""
    post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        post_save.connect(post_save_signal_handler, sender=model)
    pages = list(model.objects.all())
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)


def _vocabulary(ctx, model, entries):
    existing = {entry.slug: entry for entry in model.objects.all()}
    for slug, name, name_en in entries:
        if slug not in existing:
            existing[slug] = model.objects.create(slug=slug, name=name, name_en=name_en)
            ctx.count(model._meta.verbose_name_plural)
    return [existing[slug] for slug, *_ in entries]


def _households(ctx: DemoContext) -> list[Household]:
    rng = ctx.rng("households")
    existing = set(Household.objects.values_list("code", flat=True))
    new = []
    total = ctx.scaled(HOUSEHOLDS)
    for n in range(total):
        group = n % VILLAGE_GROUPS + 1
        code = f"TX-{group:02d}-{n // VILLAGE_GROUPS + 1:03d}"
        joined = date(2015 + rng.randint(0, 9), rng.randint(1, 12), rng.randint(1, 28))
        household = Household(
            code=code,
            head_name=chinese_name(rng),
            village_group=group,
            members=rng.randint(1, 7),
            is_member=rng.random() < 0.9,
            joined_on=joined,
            capital_contribution=Decimal(rng.choice([500, 1000, 2000, 3000, 5000])),
            reserve_share=Decimal(rng.randint(0, 250000)) / 100,
            phone=f"138{rng.randint(0, 99999999):08d}",
            notes=rng.choice(["", "", "户主常驻博览园基地。", "兼做农家乐。"]),
        )
        if code not in existing:
            new.append(household)
    Household.objects.bulk_create(new)
    if new:
        ctx.count("households", len(new))
    return list(Household.objects.order_by("village_group", "code"))


def _index_page(ctx: DemoContext) -> ArtisanIndexPage:
    return ctx.section_page(
        ArtisanIndexPage,
        chinese={
            "title": "手艺人",
            "slug": "artisans",
            "intro": "<p>天星村四百多位编艺手艺人，祖孙三代同编一根藤。按技法、村民小组和从艺年限"
            "找到他们，看看他们的作品。</p>",
        },
        english={
            "title": "Artisans",
            "intro": "<p>More than four hundred weavers live in Tianxing village, often three "
            "generations at one vine. Find them by technique, village group and years at the "
            "craft, and see their work.</p>",
        },
    )


def _portfolio_pictures(ctx: DemoContext) -> list:
    rng = ctx.rng("portfolio")
    pictures = []
    for n in range(PORTFOLIO_POOL):
        _slug, technique, _en, palette, leaves = TECHNIQUES[n % len(TECHNIQUES)]
        subject = WORK_SUBJECTS[n % len(WORK_SUBJECTS)]
        pictures.append(save_image(
            woven_texture(rng, (640, 480), palette, leaves=leaves),
            title=f"作品集 · {technique}{subject} {n + 1}",
            filename=f"portfolio-{n + 1:02d}.jpg",
        ))
    return pictures


def _artisans(ctx, index, households, techniques, specialties, pool):
    rng = ctx.rng("artisans")
    total = ctx.scaled(ARTISANS)
    existing = set(ArtisanPage.objects.filter(locale=ctx.zh).values_list("code", flat=True))
    owners = {1: ctx.user("artisan"), 2: ctx.user("artisan2")}
    progress = ctx.progress("artisans", total)
    for n in range(1, total + 1):
        # Every draw happens whether or not the page exists, so a re-run sees the same village.
        code = f"A{n:04d}"
        name = chinese_name(rng)
        household = households[(n - 1) * len(households) // total]
        own_techniques = rng.sample(techniques, rng.choice([1, 1, 2, 2, 3]))
        own_specialties = rng.sample(specialties, rng.choice([1, 2]))
        years = rng.randint(2, 48)
        place = rng.choice(list(PLACES))
        awards = rng.sample(AWARDS, rng.choice([0, 0, 1, 2]))
        gallery = rng.sample(pool, rng.randint(2, 4))
        if code in existing:
            progress.advance()
            continue
        owner = owners.get(n)
        picture = save_image(
            portrait(ctx.rng(f"portrait:{code}"), (360, 360)),
            title=f"{name} 肖像 {code}", filename=f"portrait-{code.lower()}.jpg", owner=owner,
        )
        main = own_techniques[0]
        translated = n % TRANSLATED_EVERY == 1
        page = services.artisan_page_create(
            index_page=index,
            code=code,
            name=name,
            household=household,
            techniques=own_techniques,
            specialties=own_specialties,
            years_weaving=years,
            owner=owner,
            portrait=picture,
            biography=_biography(name, main.name, own_specialties[0].name, years, place),
            awards="\n".join(awards),
            portfolio=_portfolio(rng, name, main.name, gallery),
            english_alias=not translated,
        )
        if translated:
            _translate(ctx, page, main, own_specialties[0], years, place)
        ctx.count("artisans")
        progress.advance()
    progress.finish()


def _biography(name, technique, specialty, years, place) -> str:
    return (
        f"<p>{name}从事{technique}已有{years}年，小时候跟着家里长辈在田埂边学编，"
        f"如今最拿手的是{specialty}。</p>"
        f"<p>平时在{place}的工坊里编织，游客来了就现场演示。{name}说：“一根藤、一把草，"
        f"手上有数，心里就不慌。”</p>"
    )


def _portfolio(rng, name, technique, gallery) -> list:
    captions = ["田间写生后编的第一件", "为博览园编的入口装置", "合作社展厅里的样品",
                "和徒弟一起完成", "用三年生的活藤慢慢塑形", "给村小学编的教具"]
    return [
        ("gallery", {"images": [
            {"image": picture, "caption": f"{technique}作品 · {rng.choice(captions)}"}
            for picture in gallery
        ]}),
        ("quote", {"text": rng.choice([
            "编东西急不得，植物长多快，手就跟多快。",
            "老手艺要有人接着编，才算活着。",
            "每一件都不一样，因为每一根藤都不一样。",
        ]), "attribution": name}),
    ]


def _translate(ctx, page, technique, specialty, years, place):
    english = page.copy_for_translation(ctx.en)
    english.biography = (
        f"<p>{page.title} has practised {technique.name_en.lower()} for {years} years, "
        f"learning as a child from elders at the edge of the fields, and is best known today "
        f"for {specialty.name_en.lower()}.</p>"
        f"<p>Most days you will find {page.title} weaving in the workshop at {PLACES[place]}, "
        f"demonstrating for visitors: “One vine, one handful of straw: when the hands know, "
        f"the heart is calm.”</p>"
    )
    english.save_revision(user=page.owner).publish()
    ctx.count("English biographies")


