"""The demo village's shop: ~1,500 works (times --scale) made by the demo artisans — living
green sculptures of 紫薇, 满天星, 三角梅 and 罗汉松, and crafted baskets, lamps, hats, animals
and furniture — with Pillow-drawn pictures, prices from ¥80 to ¥38,000, stock or made to order,
some with two makers (60/40), each with its English translation (titles, summaries and
descriptions written from the work's material, shape and style).

Deterministic (each work draws from its own seeded Random) and idempotent (works are looked up
by slug). Pages are added in bulk (core.demo.pages); pictures come from a shared pool whose
renditions the loader makes, so no visitor waits for one; the search index is built in bulk."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from artisans.models import ArtisanPage, Technique
from catalogue import services
from catalogue.models import (
    CatalogueIndexPage,
    Category,
    Material,
    ProductGalleryImage,
    ProductKind,
    ProductMaker,
    ProductPage,
    StockRecord,
)
from catalogue.selectors import CARD_RENDITIONS, DETAIL_RENDITIONS
from core.demo import DemoContext
from core.demo.images import existing_images, make_renditions, save_image, woven_texture
from core.demo.pages import block_id

WORKS = 1500
PICTURE_POOL = 40

CATEGORIES = [
    ("living-sculptures", "活体绿雕", "Living sculptures"),
    ("living-planters", "活体花器", "Living planters"),
    ("baskets", "篮筐", "Baskets"),
    ("lamps", "灯具", "Lamps"),
    ("hats", "帽子", "Hats"),
    ("animals", "动物摆件", "Animal figures"),
    ("furniture", "编织家具", "Furniture"),
    ("tableware", "餐桌器物", "Tableware"),
]
MATERIALS = [
    ("crape-myrtle", "紫薇", "Crape myrtle"),
    ("serissa", "满天星", "Serissa (manxingxing)"),
    ("bougainvillea", "三角梅", "Bougainvillea"),
    ("podocarpus", "罗汉松", "Buddhist pine"),
    ("bamboo", "竹", "Bamboo"),
    ("rattan", "藤", "Rattan"),
    ("straw", "稻草", "Rice straw"),
    ("palm-fibre", "棕丝", "Palm fibre"),
    ("willow", "柳条", "Willow"),
    ("corn-husk", "玉米皮", "Corn husk"),
]
# plant material slug, Chinese, English
LIVING_PLANTS = [
    ("crape-myrtle", "紫薇", "crape myrtle"),
    ("serissa", "满天星", "serissa"),
    ("bougainvillea", "三角梅", "bougainvillea"),
    ("podocarpus", "罗汉松", "Buddhist pine"),
]
LIVING_SHAPES = [
    # Chinese, English, category, lowest and highest price (yuan)
    ("孔雀", "peacock", "living-sculptures", 2800, 38000),
    ("熊猫", "panda", "living-sculptures", 1800, 26000),
    ("梅花鹿", "sika deer", "living-sculptures", 2600, 32000),
    ("仙鹤", "crane", "living-sculptures", 2200, 28000),
    ("拱门", "garden arch", "living-sculptures", 3800, 38000),
    ("花瓶", "vase", "living-planters", 380, 4800),
    ("花篮", "flower basket", "living-planters", 380, 3600),
    ("福字", "fu character", "living-planters", 680, 6800),
    ("爱心", "heart", "living-planters", 480, 5200),
    ("小亭子", "pavilion", "living-sculptures", 6800, 38000),
]
# material slug, technique slug, Chinese prefix, English word, picture palette
CRAFT_MATERIALS = [
    ("bamboo", "bamboo-weaving", "竹编", "bamboo", "bamboo"),
    ("rattan", "rattan-weaving", "藤编", "rattan", "rattan"),
    ("straw", "straw-weaving", "草编", "straw", "straw"),
    ("palm-fibre", "palm-fibre-weaving", "棕编", "palm-fibre", "straw"),
    ("willow", "willow-weaving", "柳编", "willow", "willow"),
    ("corn-husk", "straw-weaving", "玉米皮编", "corn-husk", "straw"),
]
CRAFT_ITEMS = [
    ("菜篮", "market basket", "baskets", 80, 380),
    ("果篮", "fruit basket", "baskets", 80, 320),
    ("收纳筐", "storage basket", "baskets", 120, 680),
    ("野餐篮", "picnic basket", "baskets", 180, 880),
    ("吊灯", "pendant lamp", "lamps", 380, 2800),
    ("台灯", "table lamp", "lamps", 260, 1600),
    ("落地灯", "floor lamp", "lamps", 880, 4800),
    ("草帽", "sun hat", "hats", 80, 380),
    ("斗笠", "conical hat", "hats", 80, 260),
    ("熊猫", "panda", "animals", 120, 3800),
    ("公鸡", "rooster", "animals", 120, 1800),
    ("小兔", "rabbit", "animals", 90, 980),
    ("摇椅", "rocking chair", "furniture", 1280, 12800),
    ("茶几", "tea table", "furniture", 880, 8800),
    ("书架", "bookshelf", "furniture", 1680, 9800),
    ("杯垫", "coaster set", "tableware", 80, 180),
    ("果盘", "fruit tray", "tableware", 90, 480),
    ("餐垫", "table mat", "tableware", 80, 260),
]
STYLES = [("素色", "natural"), ("彩色", "coloured"), ("镂空", "openwork"), ("双层", "double"),
          ("大号", "large"), ("小号", "small"), ("天星款", "Tianxing"), ("复古", "vintage")]
LIVING_TECHNIQUES = ["living-green-sculpture", "living-vine-training"]
# lightest and heaviest weight per category, in tenths of a kilogram
WEIGHTS = {"living-sculptures": (50, 600), "living-planters": (20, 150), "baskets": (3, 25),
           "lamps": (5, 40), "hats": (1, 4), "animals": (2, 50), "furniture": (40, 250),
           "tableware": (1, 10)}


def load(ctx: DemoContext):
    categories = _vocabulary(Category, CATEGORIES)
    materials = _vocabulary(Material, MATERIALS)
    index = _index_page(ctx)
    services.shop_grant_artisan_access(index_page=index)
    pool = _pictures(ctx)
    _works(ctx, index, categories, materials, pool)
    make_renditions(ctx, [picture for pictures in pool.values() for picture in pictures],
                    CARD_RENDITIONS + DETAIL_RENDITIONS, label="renditions (works)")


def _vocabulary(model, entries) -> dict:
    records = {}
    for slug, name, name_en in entries:
        records[slug], _ = model.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
    return records


def _index_page(ctx: DemoContext) -> CatalogueIndexPage:
    return ctx.section_page(
        CatalogueIndexPage,
        chinese={
            "title": "作品",
            "slug": "shop",
            "intro": "<p>天星村手艺人亲手编织的作品：活体绿雕、花器，竹藤草棕编成的篮筐、灯具、"
            "帽子和家具。活体作品只在成都地区送货或到村里自提，编织器物全国包邮发货。</p>",
            "search_description": "天星村植物编艺合作社的作品商店：活体绿雕与竹藤草编器物。",
        },
        english={
            "title": "Shop",
            "intro": "<p>Works woven by hand in Tianxing village: living green sculptures and "
            "planters, and baskets, lamps, hats and furniture of bamboo, rattan, straw and palm "
            "fibre. Living works are delivered in the Chengdu area or picked up at the village; "
            "crafted pieces ship nationwide.</p>",
            "search_description": "The Tianxing cooperative's shop: living and woven works.",
        },
    )


def _pictures(ctx: DemoContext) -> dict[str, list]:
    """A shared pool of drawn pictures per palette: living works get leafy ones."""
    rng = ctx.rng("catalogue-pictures")
    pool: dict[str, list] = {"leaf": [], "bamboo": [], "rattan": [], "straw": [], "willow": []}
    per_palette = max(3, ctx.pool(PICTURE_POOL) // len(pool))  # a work shows up to 3
    existing = existing_images()
    for palette, pictures in pool.items():
        for n in range(per_palette):
            pictures.append(save_image(
                lambda palette=palette: woven_texture(rng, (640, 640), palette,
                                                      leaves=palette == "leaf"),
                title=f"作品图 {palette} {n + 1:02d}", filename=f"work-{palette}-{n + 1:02d}.jpg",
                existing=existing,
            ))
    return pool


def _artisans_by_technique(ctx: DemoContext) -> tuple[dict[str, list], list]:
    artisans = {a.pk: a for a in ArtisanPage.objects.filter(locale=ctx.zh).only(
        "pk", "title", "name_pinyin", "owner_id", "translation_key", "locale_id").order_by("pk")}
    by_technique: dict[str, list] = {}
    through = ArtisanPage.techniques.through.objects.filter(artisanpage_id__in=artisans)
    for artisan_id, slug in through.values_list("artisanpage_id", "technique__slug").order_by(
        "artisanpage_id", "technique__slug"
    ):
        by_technique.setdefault(slug, []).append(artisans[artisan_id])
    return by_technique, list(artisans.values())


def _yuan(rng, low: int, high: int) -> Decimal:
    # Prices a shop would choose: whole tens below ¥1,000, whole hundreds above.
    price = rng.uniform(low, high)
    step = 10 if price < 1000 else 100
    return Decimal(max(low, int(round(price / step)) * step)).quantize(Decimal("0.01"))


def _spec(ctx, n, categories, materials, pool, by_technique, all_artisans):
    """Everything about work number `n`, drawn from its own Random."""
    rng = ctx.rng(f"work-{n}")
    living = rng.random() < 0.35
    if living:
        plant_slug, plant, plant_en = rng.choice(LIVING_PLANTS)
        shape, shape_en, category_slug, low, high = rng.choice(LIVING_SHAPES)
        technique_slugs = [rng.choice(LIVING_TECHNIQUES)]
        material_slugs = [plant_slug]
        title = f"{plant}活体编织·{shape}"
        title_en = f"Living {plant_en} {shape_en}"
        palette = "leaf"
        summary = f"用活的{plant}枝条编织成{shape}造型，会继续生长、开花。"
        summary_en = f"A {shape_en} woven from living {plant_en}: it keeps growing and flowering."
    else:
        material_slug, technique_slug, prefix, material_en, palette = rng.choice(CRAFT_MATERIALS)
        item, item_en, category_slug, low, high = rng.choice(CRAFT_ITEMS)
        style, style_en = rng.choice(STYLES)
        technique_slugs = [technique_slug]
        material_slugs = [material_slug]
        title = f"{prefix}{item}·{style}"
        title_en = f"{style_en.capitalize()} {material_en} {item_en}"
        summary = f"手工{prefix}{item}，{style}，天星村手艺人一根一根编织而成。"
        summary_en = f"A hand-woven {material_en} {item_en}, {style_en}, made strand by strand."
    candidates = by_technique.get(technique_slugs[0]) or all_artisans
    makers = [rng.choice(candidates)]
    if rng.random() < 0.15 and len(candidates) > 1:
        second = rng.choice(candidates)
        if second.pk != makers[0].pk:
            makers.append(second)
    price = _yuan(rng, low, high)
    made_to_order = rng.random() < (0.6 if living else 0.3)
    return {
        "slug": f"work-{n:05d}",
        "living": living,
        "title": title,
        "title_en": title_en,
        "summary": summary,
        "summary_en": summary_en,
        "category": categories[category_slug],
        "techniques": technique_slugs,
        "materials": [materials[slug] for slug in material_slugs],
        "makers": makers,
        "price": price,
        "material_cost": (price * Decimal(rng.uniform(0.2, 0.45))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP),
        "made_to_order": made_to_order,
        "lead_time_days": rng.choice([7, 10, 15, 20, 30, 45, 60, 90]) if made_to_order else None,
        "quantity": 0 if made_to_order or rng.random() < 0.12 else rng.randint(1, 12),
        "units_sold": int(rng.paretovariate(1.6)) - 1 + (rng.random() < 0.5),
        "size": [rng.randint(15, 60), rng.randint(15, 60), rng.randint(10, 180)],
        "weight": Decimal(rng.randint(*WEIGHTS[category_slug])) / 10,
        "pictures": rng.sample(pool[palette], rng.randint(1, 3)),
        "age_days": rng.randint(0, 720),
    }


def _description(spec, *, english: bool = False) -> list[dict]:
    """The description's raw StreamField data; the translation's paragraph carries the same
    block id as the source's."""
    material = spec["materials"][0]
    if english:
        makers = " and ".join(artisan.name_pinyin or artisan.title for artisan in spec["makers"])
        text = (
            f"<p>{makers} wove this piece from living {material.name_en.lower()}. The "
            f"seedlings are planted together, and while the shoots are soft they are woven, "
            f"tied and trimmed one by one; it takes two or three years to grow into this "
            f"shape.</p><p>A living work keeps growing and putting out leaves, and flowers in "
            f"its season: plant weaving that breathes.</p>"
        ) if spec["living"] else (
            f"<p>{makers} chose local {material.name_en.lower()}, steamed, dried and split it, "
            f"then wove it strand by strand by hand. No two woven pieces have quite the same "
            f"pattern.</p><p>Strong and made for daily use, and a gift with the character of "
            f"Tianxing village.</p>"
        )
    else:
        makers = "、".join(artisan.title for artisan in spec["makers"])
        text = (
            f"<p>这件作品由{makers}用活的{material.name}编织而成。手艺人先把幼苗种在一起，"
            f"趁枝条柔软时一根根编织、绑扎、修剪，两三年后才长成现在的造型。</p>"
            f"<p>活体编织作品会继续生长、发新叶，按季节开花，是会呼吸的植物编艺。</p>"
        ) if spec["living"] else (
            f"<p>{makers}挑选本地{material.name}，经过蒸煮、晾晒、劈丝，再一根一根手工编织。"
            f"每一件编织器物的纹路都略有不同。</p>"
            f"<p>结实耐用，适合日常使用，也可作为有天星村特色的礼物。</p>"
        )
    return [{"type": "paragraph", "id": block_id(spec["slug"], "description"), "value": text}]


CARE = ("放在室外或阳台向阳处，每天浇一次水，夏天早晚各浇一次；每月修剪新枝一次，保持造型；"
        "冬季注意防冻。")
CARE_EN = ("Keep it outdoors or on a sunny balcony; water daily (twice a day in summer); trim "
           "new shoots monthly to keep the shape; protect from frost in winter.")


def _works(ctx, index, categories, materials, pool) -> None:
    techniques = {t.slug: t for t in Technique.objects.all()}
    by_technique, all_artisans = _artisans_by_technique(ctx)
    if not all_artisans:
        return
    total = ctx.scaled(WORKS)
    existing = set(ProductPage.objects.child_of(index).values_list("slug", flat=True))
    now = timezone.now()
    english = ctx.en
    pages, translations, stock = [], [], []
    progress = ctx.progress("works", total)
    for n in range(1, total + 1):
        slug = f"work-{n:05d}"
        progress.advance()
        if slug in existing:
            continue
        spec = _spec(ctx, n, categories, materials, pool, by_technique, all_artisans)
        published = now - timedelta(days=spec["age_days"], minutes=n)
        width, depth, height = spec["size"]
        page = ProductPage(
            title=spec["title"], slug=slug, kind=ProductKind.LIVING if spec["living"]
            else ProductKind.CRAFTED, category=spec["category"], price=spec["price"],
            material_cost=spec["material_cost"], made_to_order=spec["made_to_order"],
            lead_time_days=spec["lead_time_days"], width_cm=width, depth_cm=depth,
            height_cm=height, weight_kg=spec["weight"], summary=spec["summary"],
            care_instructions=CARE if spec["living"] else "", description=_description(spec),
            owner_id=spec["makers"][0].owner_id, first_published_at=published,
            last_published_at=published, search_description=spec["summary"],
        )
        page.techniques = [techniques[slug] for slug in spec["techniques"] if slug in techniques]
        page.materials = spec["materials"]
        shares = [Decimal("100.00")] if len(spec["makers"]) == 1 else [Decimal("60.00"),
                                                                      Decimal("40.00")]
        services.validate_maker_shares(shares)
        page.makers = [ProductMaker(artisan=artisan, share=share)
                       for artisan, share in zip(spec["makers"], shares, strict=True)]
        page.gallery_images = [ProductGalleryImage(image=image) for image in spec["pictures"]]
        pages.append(page)
        stock.append((page, spec))
        translations.append(ctx.translation_copy(
            page, english, title=spec["title_en"], summary=spec["summary_en"],
            search_description=spec["summary_en"], description=_description(spec, english=True),
            care_instructions=CARE_EN if spec["living"] else "",
        ))
    progress.finish()
    ctx.add_pages(index, pages)
    ctx.add_pages(index.get_translation(english), translations)
    StockRecord.objects.bulk_create(
        [StockRecord(product=page, quantity=spec["quantity"], units_sold=spec["units_sold"])
         for page, spec in stock], ignore_conflicts=True)
    ctx.index_pages(ProductPage, pages + translations)
    ctx.count("works", len(pages))
    ctx.count("English works", len(translations))
