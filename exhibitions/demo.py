"""The demo village's exhibitions: 12 (times --scale) fairs, exhibitions, workshops and open
days around the day the demo is loaded — most in the past two years, one on now and three
coming — each in Chinese and English, with sessions, a gallery, featured artisans and works;
about 2,000 registrations (times --scale) with check-ins for the sessions already held, and
about 1,500 pieces sold on site (some of them shop works, a few reversed).

Deterministic (seeded Random per exhibition; dates relative to today) and idempotent
(exhibitions by slug; registrations and sales only for an exhibition that has none)."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count

from artisans.models import ArtisanPage
from catalogue.models import ProductPage, StockRecord
from core.demo import DemoContext
from core.demo.images import make_renditions, save_image, woven_texture
from core.demo.names import chinese_name
from exhibitions import services
from exhibitions.models import (
    SHANGHAI,
    ExhibitionArtisan,
    ExhibitionGalleryImage,
    ExhibitionIndexPage,
    ExhibitionKind,
    ExhibitionPage,
    ExhibitionSession,
    ExhibitionWork,
    OnsiteSale,
    PaymentMeans,
    Registration,
    shanghai_today,
)
from exhibitions.selectors import CARD_RENDITIONS

EXHIBITIONS = 12
REGISTRATIONS = 2000
SALES = 1500
UPCOMING = 3
PICTURES = 10
CAPACITY = 120

# kind, Chinese title, English title, days
EVENTS = [
    (ExhibitionKind.EXHIBITION, "{season}植物编艺精品展", "{season_en} plant-weaving show", 5),
    (ExhibitionKind.FAIR, "天府农博会·天星村展区", "Tianfu Agricultural Expo: Tianxing stand", 4),
    (ExhibitionKind.WORKSHOP, "活体绿雕入门工作坊", "Living green sculpture workshop", 1),
    (ExhibitionKind.OPEN_DAY, "植物编艺博览园开放日", "Plant Weaving Expo Park open day", 1),
    (ExhibitionKind.EXHIBITION, "{season}竹编与藤编展", "{season_en} bamboo and rattan show", 3),
    (ExhibitionKind.FAIR, "寿安镇{season}乡村集市", "Shou'an {season_en} village market", 2),
]
# By (month % 12) // 3: December to February is winter.
SEASONS = [("冬季", "Winter"), ("春季", "Spring"), ("夏季", "Summer"), ("秋季", "Autumn")]
VENUES = [
    ("植物编艺博览园", "Plant Weaving Expo Park", "四川省成都市温江区寿安镇天星村"),
    ("一亩原乡", "Yimu Yuanxiang", "四川省成都市温江区寿安镇"),
    ("天府农博园", "Tianfu Agricultural Expo Park", "四川省成都市新津区"),
]


def load(ctx: DemoContext):
    index = ctx.section_page(
        ExhibitionIndexPage,
        chinese={"title": "展览活动", "slug": "exhibitions",
                 "intro": "<p>展览、集市、工作坊和开放日：来植物编艺博览园看手艺人现场编织，"
                          "登记预约，带一件作品回家。</p>"},
        english={"title": "Exhibitions",
                 "intro": "<p>Exhibitions, fairs, workshops and open days: watch the weavers "
                          "at work in the Plant Weaving Expo Park, register for a visit and "
                          "take a piece home.</p>"},
    )
    services.exhibitions_section_setup(index_page=index)
    pictures = _pictures(ctx)
    # The cards' renditions (index, home page) are made now, so no visitor waits for one.
    make_renditions(ctx, pictures, list(CARD_RENDITIONS), label="renditions (exhibitions)")
    artisans = list(ArtisanPage.objects.live().filter(locale=ctx.zh).order_by("code")
                    .values_list("pk", flat=True))
    works = list(ProductPage.objects.live().filter(locale=ctx.zh).order_by("pk")
                 .values_list("pk", flat=True))
    # load_demo_village keeps the reference index off for every loader (the contexts do not
    # nest).
    exhibitions = _exhibitions(ctx, index, pictures, artisans, works)
    _registrations(ctx, exhibitions)
    _sales(ctx, exhibitions)


def _pictures(ctx: DemoContext) -> list:
    rng = ctx.rng("exhibition-pictures")
    palettes = ["leaf", "straw", "bamboo", "rattan", "willow"]
    return [
        save_image(woven_texture(rng, (960, 540), palettes[n % len(palettes)], leaves=n % 2 == 0),
                   title=f"展览现场 {n + 1}", filename=f"exhibition-{n + 1:02d}.jpg")
        for n in range(PICTURES)
    ]


def _dates(ctx: DemoContext, total: int) -> list[tuple[int, int]]:
    """(days from today to the first day, number of days) per exhibition: the past ones
    spread over two years, one on now, three coming."""
    past = total - UPCOMING - 1
    step = max(1, 720 // max(past, 1))
    plan = [(-730 + n * step, None) for n in range(past)]
    plan.append((-1, 3))
    plan += [(12, None), (35, None), (70, None)]
    return plan


def _exhibitions(ctx, index, pictures, artisans, works) -> list[ExhibitionPage]:
    total = ctx.scaled(EXHIBITIONS)
    today = shanghai_today()
    existing = {page.slug: page for page in ExhibitionPage.objects.filter(locale=ctx.zh)}
    pages = []
    progress = ctx.progress("exhibitions", total)
    for n, (offset, fixed_days) in enumerate(_dates(ctx, total)):
        rng = ctx.rng(f"exhibition:{n}")
        kind, title, title_en, days = EVENTS[n % len(EVENTS)]
        days = fixed_days or days
        starts_on = today + timedelta(days=offset)
        season, season_en = SEASONS[(starts_on.month % 12) // 3]
        venue, venue_en, address = rng.choice(VENUES)
        featured_artisans = rng.sample(artisans, min(6, len(artisans)))
        featured_works = rng.sample(works, min(8, len(works)))
        gallery = rng.sample(pictures, 4)
        slug = f"exhibition-{n + 1:03d}"
        if slug in existing:
            pages.append(existing[slug])
            progress.advance()
            continue
        page = ExhibitionPage(
            title=f"{starts_on.year} " + title.format(season=season),
            slug=slug, kind=kind, starts_on=starts_on,
            ends_on=starts_on + timedelta(days=days - 1),
            opening_hours="每日 9:00–17:30", venue=venue, address=address,
            organiser="天星村植物编艺合作社", cover_image=gallery[0],
            admission_price=None if kind != ExhibitionKind.WORKSHOP else Decimal("60.00"),
            summary=f"{venue}，{days}天。" + rng.choice([
                "百余件活体绿雕和编织器物，手艺人现场演示。",
                "跟着老手艺人学编一件小作品，材料现场提供。",
                "看展、赶集、买一件手编好物带回家。"]),
            body=[("paragraph", "<p>合作社的手艺人带着新作品来到现场，边编边讲，欢迎带孩子来"
                                "动手试一试。现场可以用微信、支付宝或现金购买作品。</p>")],
        )
        for day in range(min(days, 2)):
            on = starts_on + timedelta(days=day)
            for label, start, end in (("上午场", time(9), time(12)),
                                      ("下午场", time(13, 30), time(17))):
                page.sessions.add(ExhibitionSession(
                    label=label, capacity=CAPACITY,
                    starts_at=datetime.combine(on, start, SHANGHAI),
                    ends_at=datetime.combine(on, end, SHANGHAI)))
        for image in gallery[1:]:
            page.gallery_images.add(ExhibitionGalleryImage(image=image, caption="现场"))
        for artisan_id in featured_artisans:
            page.featured_artisans.add(ExhibitionArtisan(artisan_id=artisan_id))
        for work_id in featured_works:
            page.featured_works.add(ExhibitionWork(product_id=work_id))
        index.add_child(instance=page)
        page.save_revision().publish()
        _translate(ctx, page, title_en.format(season_en=season_en), venue_en, days)
        ctx.count("exhibitions")
        pages.append(page)
        progress.advance()
    progress.finish()
    return pages


def _translate(ctx, page, title_en, venue_en, days):
    english = page.copy_for_translation(ctx.en)
    english.title = f"{page.starts_on.year} {title_en}"
    english.venue = venue_en
    english.opening_hours = "Daily 9:00–17:30"
    english.organiser = "Tianxing Plant-Weaving Cooperative"
    english.summary = (f"{venue_en}, {days} day{'s' if days > 1 else ''}: woven works, "
                       "living sculptures and weavers at work.")
    english.body = [("paragraph", "<p>The cooperative's weavers bring their new work and "
                                  "weave on the spot. Children are welcome to try. Pay by WeChat, "
                                  "Alipay or cash.</p>")]
    for item in english.gallery_images.all():
        item.caption = "On site"
    english.save_revision().publish()


def _registrations(ctx, exhibitions) -> None:
    """Registrations in bulk (the demo's own data, not visitors' input): every session
    filled to between a third and nine tenths, with check-ins for the sessions held."""
    sessions = list(
        ExhibitionSession.objects.filter(page__in=exhibitions).select_related("page").annotate(
            n=Count("registrations")).order_by("starts_at", "pk"))
    empty = [session for session in sessions if session.n == 0]
    if not empty:
        return
    per_session = max(1, ctx.scaled(REGISTRATIONS) // max(len(sessions), 1))
    now = datetime.now(SHANGHAI)
    rows = []
    for session in empty:
        rng = ctx.rng(f"registrations:{session.page.slug}:{session.starts_at.isoformat()}")
        places = session.capacity
        for n in range(min(per_session, CAPACITY)):
            size = rng.choice([1, 1, 1, 2, 2, 3, 4])
            if size > places:
                break
            places -= size
            held = session.starts_at <= now
            registered_at = session.starts_at - timedelta(days=rng.randint(1, 20),
                                                          minutes=rng.randint(0, 600))
            rows.append(Registration(
                session=session, name=chinese_name(rng), phone=f"139{session.pk % 1000:03d}{n:05d}",
                party_size=size, token=secrets.token_urlsafe(32), created_at=registered_at,
                cancelled_at=registered_at + timedelta(hours=2) if rng.random() < 0.04 else None,
                checked_in_at=(session.starts_at + timedelta(minutes=rng.randint(0, 120))
                               if held and rng.random() < 0.8 else None),
            ))
    Registration.objects.bulk_create(rows, batch_size=2000)
    ctx.count("registrations", len(rows))


def _sales(ctx, exhibitions) -> None:
    """Pieces sold at the exhibitions held so far, through the sales service (shares split
    exactly, shop stock taken, the ledger's signal sent); one in a hundred reversed."""
    today = shanghai_today()
    held = [page for page in exhibitions if page.starts_on <= today]
    done = set(OnsiteSale.objects.filter(exhibition__in=held)
               .values_list("exhibition_id", flat=True).distinct())
    todo = [page for page in held if page.pk not in done]
    if not todo:
        return
    per_exhibition = max(1, ctx.scaled(SALES) // max(len(held), 1))
    artisans = {page.pk: page for page in ArtisanPage.objects.filter(locale=ctx.zh)
                .select_related("household")}
    stock = dict(StockRecord.objects.values_list("product_id", "quantity"))
    products = {}
    for row in ExhibitionWork.objects.filter(page__in=todo).select_related("product"):
        products[row.product_id] = row.product
    makers = {
        product.pk: services.makers_of(product=product, artisan=None)
        for product in ProductPage.objects.filter(pk__in=products)
        .prefetch_related("makers__artisan__household")
    }
    planned = []
    for page in todo:
        rng = ctx.rng(f"sales:{page.slug}")
        own_artisans = [artisans[row.artisan_id] for row in page.featured_artisans.all()
                        if row.artisan_id in artisans] or list(artisans.values())[:5]
        own_works = [row.product_id for row in page.featured_works.all()]
        last_day = min(page.ends_on, today)
        days = (last_day - page.starts_on).days + 1
        for n in range(per_exhibition):
            sold_on = page.starts_on + timedelta(days=rng.randrange(days))
            work_id = rng.choice(own_works) if own_works and rng.random() < 0.15 else None
            means = rng.choice([PaymentMeans.WECHAT, PaymentMeans.WECHAT, PaymentMeans.ALIPAY,
                                PaymentMeans.CASH, PaymentMeans.CARD])
            reference = f"DEMO-{page.slug}-{n + 1:05d}"
            if work_id is not None and stock.get(work_id, 0) > 1 and work_id in makers:
                stock[work_id] -= 1
                product = products[work_id]
                planned.append(services.PlannedSale(
                    sold_on=sold_on, amount=product.price, reference=reference,
                    payment_means=means, makers=makers[work_id], product=product,
                    exhibition=page, description=product.title))
                continue
            artisan = rng.choice(own_artisans)
            planned.append(services.PlannedSale(
                sold_on=sold_on, amount=Decimal(rng.randint(30, 800)) + Decimal(rng.choice(
                    ["0.00", "0.50", "0.00"])), reference=reference, payment_means=means,
                makers=[services.Maker(artisan, Decimal(1))], exhibition=page,
                description=rng.choice(["草编小篮", "竹编果盘", "藤编杯垫", "活体小盆景",
                                        "棕编蚂蚱", "柳编花篮"])))
    recorded = services.onsite_sales_record_many(sales=planned, user=None)
    ctx.count("on-site sales", len(recorded))
    rng = ctx.rng("sales-reversals")
    for sale in recorded:
        if rng.random() < 0.01:
            services.onsite_sale_reverse(sale=sale, reason="演示：收款记录有误，冲正")
            ctx.count("on-site sale reversals")
