"""Demo commissions: eight per scale step (at least eleven, so every stage of the pipeline
shows, declined and cancelled included), with quotes (one revised), teams, labour, costs,
payments online and offline, progress photos, and two closed jobs with their settlements and
published case pages. Driven through the same services as the desk, back-dated, except the
labour, which is written in bulk (about 500 entries a commission). Deterministic (seeded),
idempotent (demo references CM-DEMO-nnnn are looked up first); the loader runs it with the
reference index off."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from artisans.models import ArtisanPage
from commissions import services
from commissions.models import (
    Commission,
    CommissionCaseIndexPage,
    CommissionCasePage,
    CostKind,
    LabourEntry,
    ProgressPhoto,
    Stage,
)
from core.demo import DemoContext
from core.demo.images import save_image, woven_texture
from core.demo.names import chinese_name
from core.money import to_fen
from payments import services as payments

S = Stage
# The first eleven cover the pipeline; more (at larger scales) follow the usual mix.
FIRST = [S.CLOSED, S.CLOSED, S.ACCEPTED, S.INSTALLED, S.IN_PRODUCTION, S.CONTRACTED, S.QUOTED,
         S.SITE_SURVEY, S.INQUIRY, S.DECLINED, S.CANCELLED]
MIX = [S.CLOSED, S.CLOSED, S.ACCEPTED, S.INSTALLED, S.IN_PRODUCTION, S.IN_PRODUCTION,
       S.CONTRACTED, S.QUOTED, S.SITE_SURVEY, S.INQUIRY, S.DECLINED, S.CANCELLED]
CLIENTS = [
    ("温江区公园管理处", "arch", "入口拱门，宽 6 米、高 4 米", "温江区", "江安河公园南门"),
    ("成都某度假酒店", "sculpture", "活体绿雕熊猫一组，高 2.5 米", "都江堰市", "青城山镇度假区"),
    ("寿安镇中心小学", "green_wall", "教学楼外墙约 60 平方米", "温江区寿安镇", "学府路 8 号"),
    ("郫都区乡村振兴办", "garden", "农耕文化园编织景观", "郫都区唐昌镇", "战旗村文化广场"),
    ("锦江区某商业街区", "sculpture", "节庆编织花灯与动物造型", "锦江区", "春熙路步行街"),
    ("崇州市文旅公司", "arch", "竹编长廊 30 米", "崇州市", "道明竹艺村"),
    ("某生态农场", "garden", "亲子乐园编织小屋与围栏", "新津区", "花源街道"),
    ("成都某幼儿园", "other", "户外编织游戏区", "双流区", "东升街道"),
]
COSTS = [(CostKind.MATERIALS, "柳条、藤条与竹材"), (CostKind.MATERIALS, "活体植物苗木"),
         (CostKind.TRANSPORT, "货车运输"), (CostKind.EQUIPMENT, "吊车租赁"),
         (CostKind.SUBCONTRACT, "钢结构骨架焊接")]
TASKS = ["扎骨架", "编织主体", "栽植与绑扎", "修剪造型", "现场安装", "收尾养护"]
TEAM_SIZE = 12
LABOUR_PER_COMMISSION = 500


def load(ctx: DemoContext) -> None:
    index = ctx.section_page(
        CommissionCaseIndexPage,
        chinese={"title": "定制工程", "slug": "commissions",
                 "intro": "<p>公园、度假区、学校和乡镇请天星村的手艺人编织拱门、绿雕、"
                          "绿墙和园林景观。这里是我们完成的一些工程。</p>"},
        english={"title": "Commissions", "slug": "commissions",
                 "intro": "<p>Parks, resorts, schools and towns ask Tianxing's weavers for "
                          "arches, green sculptures, living walls and gardens. Here are some "
                          "we have finished.</p>"},
    )
    target = max(len(FIRST), ctx.scaled(8))
    existing = Commission.objects.filter(reference__startswith="CM-DEMO-").count()
    if existing >= target:
        return
    artisans = list(ArtisanPage.objects.filter(locale=ctx.zh).select_related("household")
                    .order_by("code"))
    if len(artisans) < 4:
        ctx.stdout.write("  no artisans: no demo commissions")
        return
    rng = ctx.rng("commissions")
    rng.shuffle(artisans)
    committee = ctx.user("committee")
    photos = _photo_pool(ctx)
    progress = ctx.progress("commissions", target - existing)
    for n in range(1, target + 1):
        reference = f"CM-DEMO-{n:04d}"
        stage = FIRST[n - 1] if n <= len(FIRST) else MIX[(n - 1) % len(MIX)]
        if Commission.objects.filter(reference=reference).exists():
            continue
        team = [artisans[(n * TEAM_SIZE + i) % len(artisans)] for i in range(TEAM_SIZE)]
        team = list({a.pk: a for a in team}.values())
        commission = _drive(ctx, rng, n, reference, stage, team, committee, photos, index)
        progress.advance()
        ctx.count("commissions")
        if commission.stage == S.CLOSED:
            ctx.count("settlements")
    progress.finish()


def _photo_pool(ctx):
    rng = ctx.rng("commission-photos")
    return [save_image(woven_texture(rng, (960, 720), palette, leaves=True),
                       title=f"工程进度 · {n + 1}", filename=f"commission-{n + 1}.jpg")
            for n, palette in enumerate(["leaf", "willow", "bamboo", "rattan", "leaf", "straw"])]


def _drive(ctx, rng, n, reference, stage, team, committee, photos, index) -> Commission:
    order = [S.INQUIRY, S.SITE_SURVEY, S.QUOTED, S.CONTRACTED, S.IN_PRODUCTION, S.INSTALLED,
             S.ACCEPTED, S.CLOSED]
    reach = order.index(stage) if stage in order else rng.choice([1, 2])
    now = timezone.now()
    start = now - timedelta(days=20 + 45 * reach + rng.randint(0, 20))
    client, kind, size, district, address = CLIENTS[(n - 1) % len(CLIENTS)]
    price = Decimal(rng.choice([38000, 56800, 88000, 126000, 168000, 245000]))
    commission = services.commission_request(
        request=services.ClientRequest(
            client_type="organisation", organisation=client, contact_name=chinese_name(rng),
            phone=f"13{rng.randint(0, 10**9 - 1):09d}", email="", district=district,
            address=address, kind=kind, size=size, budget="100-300k",
            wanted_by=(start + timedelta(days=150)).date(), consent_to_contact=True,
            description="希望使用本地植物材料，兼顾四季景观。"),
        language="zh-hans", now=start)
    Commission.objects.filter(pk=commission.pk).update(reference=reference)
    commission.reference = reference
    when = start + timedelta(days=3)
    if reach >= 1:
        services.commission_move(commission=commission, to_stage=S.SITE_SURVEY, actor=committee,
                                 note="已约定现场勘察", now=when)
    if reach >= 2:
        when += timedelta(days=10)
        quote = _quote(commission, price, committee, when)
        if n % 4 == 3 or stage == S.QUOTED:  # a revised quote
            services.quote_request_revision(quote=quote, comment="预算有限，请调整设计费。",
                                            now=when + timedelta(days=2))
            when += timedelta(days=5)
            quote = _quote(commission, price - Decimal(3000), committee, when)
    if reach >= 3:
        when += timedelta(days=4)
        services.quote_accept(quote=quote, name=commission.contact_name, now=when)
        commission.refresh_from_db()
        for member in team:
            services.team_add(commission=commission, artisan=member, actor=committee)
        milestones = list(commission.milestones.all())
        _pay(milestones[0], rng, committee, when + timedelta(days=3))
    if reach >= 4:
        when += timedelta(days=10)
        services.commission_move(commission=commission, to_stage=S.IN_PRODUCTION,
                                 actor=committee, now=when)
        Commission.objects.filter(pk=commission.pk).update(starts_on=when.date())
        commission.refresh_from_db()
        _pay(milestones[1], rng, committee, when + timedelta(days=20))
        for k in range(rng.randint(1, 3)):
            photo = ProgressPhoto.objects.create(commission=commission,
                                                 image=photos[(n + k) % len(photos)],
                                                 caption=rng.choice(TASKS))
            ProgressPhoto.objects.filter(pk=photo.pk).update(
                created_at=when + timedelta(days=k * 7))
    if reach >= 5:
        when += timedelta(days=40)
        services.commission_move(commission=commission, to_stage=S.INSTALLED, actor=committee,
                                 note="现场安装完成", now=when)
    if reach >= 6:
        when += timedelta(days=7)
        services.commission_move(commission=commission, to_stage=S.ACCEPTED, actor=committee,
                                 note="客户验收通过", now=when)
        _pay(milestones[2], rng, committee, when + timedelta(days=2))
    if commission.starts_on:
        ends_on = (when.date() if reach >= 5 else min(now.date(), commission.starts_on
                                                       + timedelta(days=60)))
        Commission.objects.filter(pk=commission.pk).update(ends_on=ends_on if reach >= 5
                                                           else None)
        commission.refresh_from_db()
        _labour(commission, team, rng, ends_on)
        _costs(commission, price, rng, committee)
    if reach >= 7:
        services.commission_settle(commission=commission, actor=committee,
                                   now=when + timedelta(days=5))
        commission.refresh_from_db()
        if CommissionCasePage.objects.filter(locale=ctx.zh).count() < 2:
            page = services.case_page_create(commission=commission, index_page=index,
                                             actor=committee, publish=True)
            page.client_words = "编织拱门成了公园里最受欢迎的拍照点，四季都有看头。"
            page.client_attribution = commission.client_label
            page.save_revision(user=committee).publish()
    if stage in (S.DECLINED, S.CANCELLED):
        services.commission_move(
            commission=commission, to_stage=stage, actor=committee, now=when + timedelta(days=2),
            note="工期与现有工程冲突" if stage == S.DECLINED else "客户项目取消")
    commission.refresh_from_db()
    return commission


def _quote(commission, price, committee, when):
    labour_days = (price * Decimal("0.35") / Decimal("150")).to_integral_value() / 2
    materials = price - labour_days * 300 - Decimal(6800)
    quote = services.quote_create(
        commission=commission, valid_until=(when + timedelta(days=30)).date(), actor=committee,
        now=when, note="含一年免费养护指导。",
        lines=[services.QuoteLineInput("materials", "柳条、藤条、竹材与苗木", Decimal(1), materials,
                                       "批"),
               services.QuoteLineInput("labour", "编织工日", labour_days, Decimal(300), "工日"),
               services.QuoteLineInput("design", "方案设计", Decimal(1), Decimal(3000), "项"),
               services.QuoteLineInput("transport", "运输", Decimal(1), Decimal(1800), "次"),
               services.QuoteLineInput("installation", "现场安装", Decimal(1), Decimal(2000),
                                       "项")])
    services.quote_issue(quote=quote, actor=committee, now=when)
    return quote


def _pay(milestone, rng, committee, when):
    """Through the payments app, as the webhook (card) or the desk (bank transfer) would."""
    kwargs = dict(payable_type=services.PAYABLE_TYPE, payable_id=milestone.pk,
                  amount_fen=to_fen(milestone.amount), now=when)
    if rng.random() < 0.5:
        payments.payment_record_success(provider="stripe", intent_id=f"pi_demo_{milestone.pk}",
                                        **kwargs)
    else:
        payments.payment_record_offline(reference=f"BANK-{rng.randint(10**7, 10**8)}",
                                        actor=committee, **kwargs)


def _labour(commission, team, rng, ends_on):
    days = max(1, (ends_on - commission.starts_on).days + 1)
    slots = [(member, commission.starts_on + timedelta(days=d)) for d in range(days)
             for member in team]
    rng.shuffle(slots)
    LabourEntry.objects.bulk_create([
        LabourEntry(commission=commission, artisan=member, date=date,
                    days=rng.choice([Decimal("1"), Decimal("1"), Decimal("0.5")]),
                    skill_coefficient=rng.choice([Decimal("1.00"), Decimal("1.00"),
                                                  Decimal("1.20"), Decimal("0.80")]),
                    task=rng.choice(TASKS))
        for member, date in slots[:LABOUR_PER_COMMISSION]
    ], batch_size=1000)


def _costs(commission, price, rng, committee):
    for kind, description in rng.sample(COSTS, rng.randint(2, 4)):
        services.cost_add(commission=commission, kind=kind, description=description,
                          amount=(price * Decimal(rng.randint(4, 9)) / 100).quantize(
                              Decimal("0.01")),
                          incurred_on=commission.starts_on + timedelta(days=rng.randint(0, 20)),
                          actor=committee)
