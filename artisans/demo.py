"""The demo village's households and artisans: ~150 households in 12 village groups and 420
artisans (times --scale) with portraits, biographies in Chinese and English, names in
pinyin, techniques, specialties and portfolios. The demo users `artisan` and `artisan2` own
the first two pages. Deterministic and idempotent: records are looked up by code before being
made. Pages are added in bulk (core.demo.pages), each with its English translation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from artisans import services
from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique
from artisans.selectors import CARD_RENDITIONS
from core.demo import DemoContext
from core.demo.images import existing_images, make_renditions, portrait, save_image, woven_texture
from core.demo.names import chinese_name
from core.demo.pages import block_id
from core.translation import pinyin_name

HOUSEHOLDS = 150
ARTISANS = 420
VILLAGE_GROUPS = 12
PORTRAIT_POOL = 32  # shared silhouettes: the renditions of 32 pictures serve every card
# The renditions the artisan page shows (`{% picture page.portrait format-{webp,jpeg}
# fill-{320x320,480x480} %}`) and a portfolio gallery (`fill-{320x240,640x480}`).
PORTRAIT_RENDITIONS = [*CARD_RENDITIONS, "format-webp|fill-480x480", "format-jpeg|fill-480x480"]
GALLERY_RENDITIONS = [f"format-{fmt}|fill-{size}" for fmt in ("webp", "jpeg")
                      for size in ("320x240", "640x480")]

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
AWARDS = {
    "温江区植物编艺技能大赛一等奖": "First prize, Wenjiang district plant-weaving contest",
    "成都市乡村工匠": "Chengdu rural craftsperson",
    "四川省民间工艺美术作品展银奖": "Silver award, Sichuan folk arts and crafts exhibition",
    "寿安镇优秀手艺人": "Outstanding artisan of Shou'an town",
    "天府农博会创意作品奖": "Creative work award, Tianfu agricultural expo",
}
WORK_SUBJECTS = [("熊猫", "panda"), ("孔雀", "peacock"), ("梅花鹿", "sika deer"),
                 ("拱门", "arch"), ("花篮", "flower basket"), ("茶几", "tea table"),
                 ("灯罩", "lampshade"), ("鸟巢", "bird's nest"), ("果盘", "fruit tray"),
                 ("长廊", "covered walkway")]
CAPTIONS = [
    ("田间写生后编的第一件", "the first piece woven after sketching in the fields"),
    ("为博览园编的入口装置", "an entrance piece woven for the Expo Park"),
    ("合作社展厅里的样品", "a sample in the cooperative's showroom"),
    ("和徒弟一起完成", "made together with an apprentice"),
    ("用三年生的活藤慢慢塑形", "shaped slowly from three-year-old living vines"),
    ("给村小学编的教具", "teaching aids woven for the village school"),
]
QUOTES = [
    ("编东西急不得，植物长多快，手就跟多快。",
     "You cannot hurry weaving: the hands go as fast as the plant grows."),
    ("老手艺要有人接着编，才算活着。",
     "An old craft is alive only while someone keeps weaving it."),
    ("每一件都不一样，因为每一根藤都不一样。",
     "No two pieces are alike, because no two vines are alike."),
]
PORTFOLIO_POOL = 28  # shared portfolio pictures: galleries reuse them instead of drawing each


def load(ctx: DemoContext):
    techniques = _vocabulary(ctx, Technique, [(slug, zh, en) for slug, zh, en, *_ in TECHNIQUES])
    specialties = _vocabulary(ctx, Specialty, SPECIALTIES)
    households = _households(ctx)
    index = _index_page(ctx)
    pictures = existing_images()
    pool = _portfolio_pictures(ctx, pictures)
    portraits = _portraits(ctx, pictures)
    _artisans(ctx, index, households, techniques, specialties, pool, portraits)
    services.grant_section_permissions(index)
    make_renditions(ctx, portraits, PORTRAIT_RENDITIONS, label="renditions (portraits)")
    make_renditions(ctx, [picture for picture, *_ in pool], GALLERY_RENDITIONS,
                    label="renditions (portfolios)")


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


def _portfolio_pictures(ctx: DemoContext, pictures: dict) -> list[tuple]:
    """The shared portfolio pictures, each with its technique and subject in both languages
    (for alt text and captions)."""
    rng = ctx.rng("portfolio")
    pool = []
    for n in range(ctx.pool(PORTFOLIO_POOL)):
        _slug, technique, technique_en, palette, leaves = TECHNIQUES[n % len(TECHNIQUES)]
        subject, subject_en = WORK_SUBJECTS[n % len(WORK_SUBJECTS)]
        picture = save_image(
            lambda palette=palette, leaves=leaves: woven_texture(rng, (640, 480), palette,
                                                                leaves=leaves),
            title=f"作品集 · {technique}{subject} {n + 1}",
            filename=f"portfolio-{n + 1:02d}.jpg", existing=pictures,
        )
        pool.append((picture, technique, technique_en, subject, subject_en))
    return pool


def _portraits(ctx: DemoContext, pictures: dict) -> list:
    """Woven-ground silhouettes the artisans' pages share (the demo users' own first)."""
    owners = [ctx.user("artisan"), ctx.user("artisan2")]
    return [
        save_image(
            lambda n=n: portrait(ctx.rng(f"portrait:{n}"), (360, 360)),
            title=f"肖像 · 编艺人剪影 {n + 1:02d}", filename=f"portrait-{n + 1:02d}.jpg",
            owner=owners[n] if n < len(owners) else None, existing=pictures,
        )
        for n in range(ctx.pool(PORTRAIT_POOL))
    ]


def _artisans(ctx, index, households, techniques, specialties, pool, portraits):
    rng = ctx.rng("artisans")
    total = ctx.scaled(ARTISANS)
    existing = set(ArtisanPage.objects.filter(locale=ctx.zh).values_list("code", flat=True))
    owners = {1: ctx.user("artisan"), 2: ctx.user("artisan2")}
    english = ctx.en
    pages, translations = [], []
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
        awards = rng.sample(list(AWARDS), rng.choice([0, 0, 1, 2]))
        gallery = rng.sample(pool, rng.randint(2, 4))
        captions = [rng.choice(CAPTIONS) for _picture in gallery]
        quote = rng.choice(QUOTES)
        progress.advance()
        if code in existing:
            continue
        main, specialty = own_techniques[0], own_specialties[0]
        pinyin = pinyin_name(name)
        page = ArtisanPage(
            title=name, slug=code.lower(), code=code, household=household,
            years_weaving=years, owner=owners.get(n), name_pinyin=pinyin,
            portrait=portraits[(n - 1) % len(portraits)],
            biography=_biography(name, main.name, specialty.name, years, place),
            awards="\n".join(awards),
            portfolio=_portfolio(code, name, gallery, captions, quote, english=False),
            search_description=f"{name}：{main.name}手艺人，从艺{years}年。",
        )
        page.techniques = own_techniques
        page.specialties = own_specialties
        pages.append(page)
        translations.append(ctx.translation_copy(
            page, english, title=pinyin,
            biography=_biography_en(pinyin, main, specialty, years, place),
            awards="\n".join(AWARDS[award] for award in awards),
            portfolio=_portfolio(code, pinyin, gallery, captions, quote, english=True),
            search_description=f"{pinyin}: {main.name_en.lower()}, weaving for {years} years.",
        ))
    progress.finish()
    ctx.add_pages(index, pages)
    ctx.add_pages(index.get_translation(english), translations)
    ctx.index_pages(ArtisanPage, pages + translations)
    ctx.count("artisans", len(pages))
    ctx.count("English artisan pages", len(translations))


def _biography(name, technique, specialty, years, place) -> str:
    return (
        f"<p>{name}从事{technique}已有{years}年，小时候跟着家里长辈在田埂边学编，"
        f"如今最拿手的是{specialty}。</p>"
        f"<p>平时在{place}的工坊里编织，游客来了就现场演示。{name}说：“一根藤、一把草，"
        f"手上有数，心里就不慌。”</p>"
    )


def _biography_en(name, technique, specialty, years, place) -> str:
    return (
        f"<p>{name} has practised {technique.name_en.lower()} for {years} years, "
        f"learning as a child from elders at the edge of the fields, and is best known today "
        f"for {specialty.name_en.lower()}.</p>"
        f"<p>Most days you will find {name} weaving in the workshop at {PLACES[place]}, "
        f"demonstrating for visitors: “One vine, one handful of straw: when the hands know, "
        f"the heart is calm.”</p>"
    )


def _portfolio(code, name, gallery, captions, quote, *, english: bool) -> list[dict]:
    """The portfolio's raw StreamField data, with stable block ids (the translation's blocks
    pair with the source's) and alt text on every picture."""
    items = []
    for number, ((picture, technique, technique_en, subject, subject_en), caption) in enumerate(
        zip(gallery, captions, strict=True)
    ):
        alt = (f"{technique_en} by {name}: {subject_en}" if english
               else f"{name}的{technique}作品：{subject}")
        items.append({"type": "item", "id": block_id(code, "gallery", number), "value": {
            "image": {"image": picture.pk, "alt_text": alt, "decorative": False},
            "caption": (f"{technique_en} · {caption[1]}" if english
                        else f"{technique}作品 · {caption[0]}"),
        }})
    return [
        {"type": "gallery", "id": block_id(code, "gallery"), "value": {"images": items}},
        {"type": "quote", "id": block_id(code, "quote"),
         "value": {"text": quote[1] if english else quote[0], "attribution": name}},
    ]
