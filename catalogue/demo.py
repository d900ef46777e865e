"""The demo village's shop: ~1,500 works (times --scale) made by the demo artisans — living
green sculptures of 紫薇, 满天星, 三角梅 and 罗汉松, and crafted baskets, lamps, hats, animals
and furniture — with Pillow-drawn pictures, prices from ¥80 to ¥38,000, stock or made to order,
some with two makers (60/40), one in ten translated into English (the rest get English aliases).

Deterministic (each work draws from its own seeded Random) and idempotent (works are looked up
by slug). Pictures come from a shared pool, so renditions are made once for many works; the
search index is built in bulk at the end instead of once per save."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.search.backends import get_search_backends

from artisans.models import ArtisanPage
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
from core.demo import DemoContext
from core.demo.images import save_image, woven_texture
from core.translation import sync_aliases

WORKS = 1500
PICTURE_POOL = 60
TRANSLATED_EVERY = 10
INDEX_BATCH = 500

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
    post_save.disconnect(post_save_signal_handler, sender=ProductPage)
    try:
        created = _works(ctx, index, categories, materials, pool)
    finally:
        post_save.connect(post_save_signal_handler, sender=ProductPage)
    _index_for_search(ctx, created)


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
    per_palette = PICTURE_POOL // len(pool)
    for palette, pictures in pool.items():
        for n in range(per_palette):
            pictures.append(save_image(
                woven_texture(rng, (800, 800), palette, leaves=palette == "leaf"),
                title=f"作品图 {palette} {n + 1:02d}", filename=f"work-{palette}-{n + 1:02d}.jpg",
            ))
    return pool


def _artisans_by_technique(ctx: DemoContext) -> tuple[dict[str, list], list]:
    artisans = {a.pk: a for a in ArtisanPage.objects.filter(locale=ctx.zh).only(
        "pk", "title", "owner_id", "translation_key", "locale_id").order_by("pk")}
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


def _description(spec) -> list:
    maker_names = "、".join(artisan.title for artisan in spec["makers"])
    material = spec["materials"][0].name
    if spec["living"]:
        text = (
            f"<p>这件作品由{maker_names}用活的{material}编织而成。手艺人先把幼苗种在一起，"
            f"趁枝条柔软时一根根编织、绑扎、修剪，两三年后才长成现在的造型。</p>"
            f"<p>活体编织作品会继续生长、发新叶，按季节开花，是会呼吸的植物编艺。</p>"
        )
    else:
        text = (
            f"<p>{maker_names}挑选本地{material}，经过蒸煮、晾晒、劈丝，再一根一根手工编织。"
            f"每一件编织器物的纹路都略有不同。</p>"
            f"<p>结实耐用，适合日常使用，也可作为有天星村特色的礼物。</p>"
        )
    return [("paragraph", text)]


def _care(spec) -> str:
    if not spec["living"]:
        return ""
    return ("放在室外或阳台向阳处，每天浇一次水，夏天早晚各浇一次；每月修剪新枝一次，"
            "保持造型；冬季注意防冻。")


def _works(ctx, index, categories, materials, pool) -> list[int]:
    from artisans.models import Technique

    techniques = {t.slug: t for t in Technique.objects.all()}
    by_technique, all_artisans = _artisans_by_technique(ctx)
    if not all_artisans:
        return []
    total = ctx.scaled(WORKS)
    existing = set(ProductPage.objects.child_of(index).values_list("slug", flat=True))
    now = timezone.now()
    created, stock = [], []
    progress = ctx.progress("works", total)
    for n in range(1, total + 1):
        slug = f"work-{n:05d}"
        if slug in existing:
            progress.advance()
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
            care_instructions=_care(spec), description=_description(spec),
            owner_id=spec["makers"][0].owner_id, live=True, first_published_at=published,
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
        index.add_child(instance=page)
        stock.append(StockRecord(product=page, quantity=spec["quantity"],
                                 units_sold=spec["units_sold"]))
        created.append(page.pk)
        if n % TRANSLATED_EVERY == 1:
            created.append(_translate(ctx, page, spec).pk)
        else:
            created.extend(alias.pk for alias in sync_aliases(page))
        ctx.count("works")
        progress.advance()
    StockRecord.objects.bulk_create(stock, ignore_conflicts=True)
    progress.finish()
    return created


def _translate(ctx, page, spec) -> ProductPage:
    english = page.copy_for_translation(ctx.en)
    english.title = spec["title_en"]
    english.summary = english.search_description = spec["summary_en"]
    maker_names = " and ".join(artisan.title for artisan in spec["makers"])
    english.description = [("paragraph", (
        f"<p>Woven by hand by {maker_names} in Tianxing village. "
        + ("A living work: it keeps growing and needs sun, water and a trim each month."
           if spec["living"] else "Each strand is split, dried and woven by hand.")
        + "</p>"))]
    if spec["living"]:
        english.care_instructions = (
            "Keep it outdoors or on a sunny balcony; water daily (twice a day in summer); "
            "trim new shoots monthly to keep the shape; protect from frost in winter."
        )
    english.live = True
    english.save()
    ctx.count("English works")
    return english


def _index_for_search(ctx, page_ids: list[int]) -> None:
    """Index the new works in bulk, with their relations fetched in a few queries a batch."""
    if not page_ids:
        return
    progress = ctx.progress("search index (works)", len(page_ids))
    for start in range(0, len(page_ids), INDEX_BATCH):
        batch = list(
            ProductPage.objects.filter(pk__in=page_ids[start:start + INDEX_BATCH])
            .select_related("category")
            .prefetch_related("techniques", "materials", "makers__artisan")
        )
        for backend in get_search_backends():
            backend.add_bulk(ProductPage, batch)
        progress.advance(len(batch))
    progress.finish()
