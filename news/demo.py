"""The demo village's news: the news index in both languages (in the menu, under the
committee's workflow) and ten articles over the past year — village news, notices and press
coverage of the plant-weaving cooperative — written in Chinese with their English
translations. The articles are the demo's own text; no real person is named.

Deterministic (fixed texts and pictures; dates counted back from today in Shanghai) and
idempotent (articles by slug). Bulk-built (`core.demo.pages`): no revisions, no signals."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from core.demo import DemoContext
from core.demo.images import make_renditions, save_image, woven_texture
from core.demo.pages import block_id
from news import services
from news.models import SHANGHAI, NewsIndexPage, NewsKind, NewsPage, shanghai_today
from news.selectors import CARD_RENDITIONS

# An article's page and its OpenGraph picture, as news/news_page.html asks for them.
ARTICLE_RENDITIONS = [f"fill-1440x810|format-{fmt}" for fmt in ("avif", "webp", "jpeg")] + [
    "fill-1200x630|format-jpeg"]
PICTURES = [("leaf", True), ("straw", False), ("bamboo", False), ("rattan", True),
            ("willow", False)]

# (days ago, kind, picture, Chinese, English): each language's title, summary, picture
# description and paragraphs.
ARTICLES = [
    (6, NewsKind.VILLAGE, 0, {
        "title": "满天星编织体验区冬季照常开放",
        "summary": "入冬后满天星农旅项目的编织体验区照常迎客，周末有手艺人带着大人孩子编小篮子。",
        "alt": "编织体验区里摆着编了一半的草编小篮",
        "body": ["天气转凉，满天星编织体验区的棚子里却很热闹。合作社安排手艺人周末轮流值守，"
                 "教游客用稻草和棕叶编小篮、蚂蚱和杯垫，材料现场提供，编好的作品可以带回家。",
                 "体验区每天 9:00 到 17:00 开放，十人以上的团队请提前一天打电话预约，"
                 "方便合作社多安排一位老师。"],
    }, {
        "title": "Mantianxing weaving corner stays open for the winter",
        "summary": "The weaving corner at the Mantianxing farm-tourism project welcomes visitors "
                   "all winter; at weekends weavers teach adults and children to make a basket.",
        "alt": "Half-woven straw baskets on a table in the weaving corner",
        "body": ["The weather has turned cold, but the weaving shed at Mantianxing is busy. The "
                 "cooperative's weavers take turns at weekends teaching visitors to weave small "
                 "baskets, grasshoppers and coasters from straw and palm leaves; the materials "
                 "are provided and the pieces go home with their makers.",
                 "The corner is open daily from 9:00 to 17:00. Groups of ten or more, please "
                 "call a day ahead so the cooperative can send a second teacher."],
    }),
    (15, NewsKind.NOTICE, 1, {
        "title": "关于冬季植物编艺培训班报名的通知",
        "summary": "合作社冬季培训班下月开课，分竹编、藤编和活体绿雕三个班，本村农户免费参加。",
        "alt": "培训教室里的竹编材料",
        "body": ["为带动更多农户掌握编艺手艺，合作社将在下月举办冬季植物编艺培训班，"
                 "分竹编、藤编和活体绿雕三个班，每班二十人，由合作社的老手艺人授课。",
                 "本村农户免费参加，材料由合作社提供。请在本月底前到村委会办公室或打电话报名，"
                 "报名时说明想参加的班次。"],
    }, {
        "title": "Notice: sign up for the winter plant-weaving classes",
        "summary": "The cooperative's winter classes start next month, in bamboo, rattan and "
                   "living green sculpture; free for the village's households.",
        "alt": "Bamboo strips laid out in the classroom",
        "body": ["To bring the craft to more households, the cooperative runs winter classes "
                 "next month in bamboo weaving, rattan weaving and living green sculpture, "
                 "twenty people a class, taught by the cooperative's senior weavers.",
                 "The classes are free for the village's households and the materials are "
                 "provided. Sign up by the end of this month at the village committee's office "
                 "or by phone, and say which class you would like to join."],
    }),
    (32, NewsKind.PRESS, 2, {
        "title": "媒体报道：天星村把“编艺”编成了产业",
        "summary": "一篇报道介绍了天星村如何把四百多位编艺匠人组织起来，建基地、办展会、接工程。",
        "alt": "植物编艺博览园里的大型绿雕",
        "body": ["近日，一篇关于温江区产业社区的报道介绍了天星村的做法：把四百多位编艺匠人"
                 "组织起来，通过建基地、办展会、研发新产品、承揽工程和旅游开发，"
                 "让植物编艺成为村里的产业名片。",
                 "报道提到，植物编艺博览园、一亩原乡、满天星等农旅项目带动参与农户户均增收"
                 "五千元。合作社感谢媒体的关注，也欢迎大家来村里亲眼看看。"],
    }, {
        "title": "In the press: how Tianxing wove a craft into an industry",
        "summary": "A report describes how Tianxing village organised over four hundred weavers "
                   "into bases, exhibitions, new products and commissioned work.",
        "alt": "A large green sculpture in the Plant Weaving Expo Park",
        "body": ["A recent report on Wenjiang's industry communities described Tianxing's way: "
                 "organising over four hundred weavers to build bases, hold exhibitions, develop "
                 "new products, take on commissioned work and welcome visitors, so that plant "
                 "weaving became the village's calling card.",
                 "The report notes that the Plant Weaving Expo Park, Yimu Yuanxiang and "
                 "Mantianxing raise the income of each participating household by five thousand "
                 "yuan a year on average. The cooperative thanks the press, and invites everyone "
                 "to come and see for themselves."],
    }),
    (58, NewsKind.VILLAGE, 3, {
        "title": "合作社承接的公园绿雕工程完工",
        "summary": "历时两个月，十二位手艺人为一座城市公园编出了一组活体绿雕和藤编景观。",
        "alt": "公园草坪上的活体绿雕",
        "body": ["合作社今年承接的一项公园景观工程近日完工验收。十二位手艺人分成三个小组，"
                 "用两个月时间编出了一组活体绿雕和一条藤编长廊。",
                 "工程款按章程记入合作社账目，参与的手艺人按工时和分工分到各自的户里。"
                 "需要定制绿雕或编织景观的单位，可以在网站上提交定制需求。"],
    }, {
        "title": "Woven green sculptures for a city park are finished",
        "summary": "In two months, twelve weavers made a group of living green sculptures and a "
                   "rattan walkway for a city park.",
        "alt": "Living green sculptures on a park lawn",
        "body": ["A park landscaping commission the cooperative took on this year has been "
                 "completed and accepted. Twelve weavers in three teams spent two months weaving "
                 "a group of living green sculptures and a long rattan walkway.",
                 "The payment goes into the cooperative's books under its charter, and each "
                 "weaver's household receives its share by hours worked. Organisations that "
                 "would like a woven installation can send a commission request on this site."],
    }),
    (90, NewsKind.VILLAGE, 4, {
        "title": "一亩原乡秋收集市，手艺人现场编织",
        "summary": "秋收集市在一亩原乡举办两天，手艺人现场编织，柳编花篮和竹编果盘最受欢迎。",
        "alt": "集市摊位上的柳编花篮",
        "body": ["秋收时节，合作社在一亩原乡办了两天集市。二十多位手艺人带着作品摆摊，"
                 "边编边卖，不少游客专门来看老手艺人编竹编果盘。",
                 "集市上卖出的作品都记入合作社的现场销售账，手艺人的份额按件结算到户。"],
    }, {
        "title": "Autumn harvest market at Yimu Yuanxiang",
        "summary": "A two-day harvest market at Yimu Yuanxiang, with weavers at work on their "
                   "stalls; willow flower baskets and bamboo fruit trays sold best.",
        "alt": "Willow flower baskets on a market stall",
        "body": ["At harvest time the cooperative held a two-day market at Yimu Yuanxiang. More "
                 "than twenty weavers brought their work and wove at their stalls, and many "
                 "visitors came just to watch the senior weavers make bamboo fruit trays.",
                 "Every piece sold at the market is recorded in the cooperative's on-site sales, "
                 "and each weaver's share is paid to their household piece by piece."],
    }),
    (124, NewsKind.NOTICE, 1, {
        "title": "合作社上半年账目公示",
        "summary": "合作社上半年的收入、支出和各户分成已在村务公开栏和会计室公示，欢迎社员查阅。",
        "alt": "草编纹理",
        "body": ["按照合作社章程，上半年的销售收入、工程收入、材料支出和各户分成明细"
                 "已在村务公开栏张贴，纸质账册放在会计室，社员可以随时查阅。",
                 "对账目有疑问的社员，请在公示期内向会计或村委会提出，我们会逐条答复。"],
    }, {
        "title": "Notice: the cooperative's accounts for the first half of the year",
        "summary": "The first half-year's income, expenses and household shares are posted on the "
                   "village notice board and in the accountant's office for members to check.",
        "alt": "Woven straw texture",
        "body": ["As the charter requires, the first half-year's sales and commission income, "
                 "material costs and each household's share are posted on the village notice "
                 "board; the ledgers are in the accountant's office for any member to read.",
                 "Members with a question about the accounts, please raise it with the "
                 "accountant or the village committee while the accounts are posted; every "
                 "question gets an answer."],
    }),
    (165, NewsKind.VILLAGE, 0, {
        "title": "植物编艺博览园迎来暑期研学团",
        "summary": "暑假期间，十多批中小学研学团走进植物编艺博览园，跟着手艺人认植物、学编织。",
        "alt": "博览园里的绿植编织",
        "body": ["暑假里，植物编艺博览园接待了十多批中小学研学团。孩子们先跟着手艺人"
                 "认识能编的植物，再动手编一只小蚂蚱或一个杯垫。",
                 "博览园为研学团准备了半天和一天两种安排，学校和机构可以提前联系合作社预约。"],
    }, {
        "title": "Summer study groups at the Plant Weaving Expo Park",
        "summary": "Over the summer holidays more than ten school groups came to the Plant Weaving "
                   "Expo Park to learn the plants and try weaving with the artisans.",
        "alt": "Woven greenery in the Expo Park",
        "body": ["During the summer holidays the Plant Weaving Expo Park welcomed more than ten "
                 "school study groups. The children first learned from the weavers which plants "
                 "can be woven, then made a little grasshopper or a coaster of their own.",
                 "The park offers half-day and full-day visits for study groups; schools and "
                 "organisations can book with the cooperative in advance."],
    }),
    (212, NewsKind.PRESS, 3, {
        "title": "电视台走进天星村拍摄编艺手艺人",
        "summary": "一档乡村节目来到天星村，拍摄了手艺人编织活体绿雕和藤编家具的过程。",
        "alt": "藤编家具的局部",
        "body": ["一档介绍四川乡村手艺的电视节目来到天星村，用三天时间拍摄了手艺人"
                 "编织活体绿雕和藤编家具的过程，也拍了合作社的基地和展厅。",
                 "节目播出后，合作社接到了不少咨询定制的电话。网站上的作品和定制页面"
                 "可以查看更多作品。"],
    }, {
        "title": "Television comes to film the weavers of Tianxing",
        "summary": "A programme on country crafts spent three days in Tianxing filming weavers at "
                   "work on living green sculptures and rattan furniture.",
        "alt": "Detail of a piece of rattan furniture",
        "body": ["A television programme on Sichuan's country crafts spent three days in "
                 "Tianxing, filming weavers at work on living green sculptures and rattan "
                 "furniture, and the cooperative's workshops and showroom.",
                 "After it was broadcast the cooperative received many calls about commissions. "
                 "The works and commissions pages of this site show more of what the weavers "
                 "make."],
    }),
    (263, NewsKind.VILLAGE, 2, {
        "title": "新品研发：竹藤结合的家用收纳系列",
        "summary": "合作社研发小组推出竹藤结合的收纳篮和置物架，春季起在网店和展会上销售。",
        "alt": "竹藤结合的收纳篮",
        "body": ["合作社的研发小组用半年时间试做了一批竹藤结合的家用收纳篮和置物架，"
                 "竹子做骨架，藤条编面，结实又轻便。",
                 "新品将在春季上架网店，也会在各场展会上展出。欢迎手艺人到研发小组"
                 "一起改进样品。"],
    }, {
        "title": "New products: bamboo-and-rattan storage for the home",
        "summary": "The cooperative's product group presents storage baskets and shelves that "
                   "join bamboo and rattan, on sale online and at fairs from the spring.",
        "alt": "A storage basket of bamboo and rattan",
        "body": ["Over half a year the cooperative's product group made trial pieces of storage "
                 "baskets and shelves that join the two materials: a bamboo frame with a woven "
                 "rattan skin, strong and light.",
                 "The new range goes on sale in the online shop in the spring and will be shown "
                 "at the fairs. Weavers are welcome to join the group in improving the samples."],
    }),
    (331, NewsKind.NOTICE, 4, {
        "title": "春季编艺材料统一采购通知",
        "summary": "合作社统一采购春季所需的竹材、藤条和柳条，需要的手艺人请登记数量。",
        "alt": "成捆的柳条",
        "body": ["为降低材料成本、保证质量，合作社将统一采购春季所需的竹材、藤条和柳条，"
                 "按采购价供应给社员手艺人。",
                 "需要材料的手艺人请在下周五前到合作社登记品种和数量，材料到货后另行通知领取。"],
    }, {
        "title": "Notice: joint purchase of spring weaving materials",
        "summary": "The cooperative buys the spring's bamboo, rattan and willow together; weavers "
                   "who need materials, please register the quantities.",
        "alt": "Bundles of willow rods",
        "body": ["To keep material costs down and quality up, the cooperative buys the spring's "
                 "bamboo, rattan and willow together and supplies them to member weavers at cost.",
                 "Weavers who need materials, please register the kind and quantity at the "
                 "cooperative by next Friday; we will say when the materials can be collected."],
    }),
]


def load(ctx: DemoContext):
    index = ctx.section_page(
        NewsIndexPage,
        chinese={"title": "新闻动态", "slug": "news",
                 "intro": "<p>村里动态、通知公告和媒体报道：天星村植物编艺合作社的新鲜事。</p>"},
        english={"title": "News",
                 "intro": "<p>Village news, notices and press coverage: what is new at the "
                          "Tianxing plant-weaving cooperative.</p>"},
    )
    services.news_section_setup(index_page=index)
    pictures = _pictures(ctx)
    # The cards' and the articles' renditions are made now, so no visitor waits for one.
    make_renditions(ctx, pictures, [*CARD_RENDITIONS, *ARTICLE_RENDITIONS],
                    label="renditions (news)")
    _articles(ctx, index, pictures)


def _pictures(ctx: DemoContext) -> list:
    rng = ctx.rng("news-pictures")
    return [save_image(woven_texture(rng, (960, 540), palette, leaves=leaves),
                       title=f"新闻配图 {n + 1}", filename=f"news-{n + 1:02d}.jpg")
            for n, (palette, leaves) in enumerate(PICTURES)]


def _body(slug: str, paragraphs: list[str]) -> list[dict]:
    # Block ids shared by the two languages: wagtail-localize pairs the segments by them.
    return [{"type": "paragraph", "id": block_id(slug, "body", n), "value": f"<p>{text}</p>"}
            for n, text in enumerate(paragraphs)]


def _articles(ctx: DemoContext, index: NewsIndexPage, pictures: list) -> None:
    existing = set(NewsPage.objects.filter(locale=ctx.zh).values_list("slug", flat=True))
    today = shanghai_today()
    chinese, english = [], []
    for n, (days_ago, kind, picture, zh, en) in enumerate(ARTICLES):
        slug = f"news-{n + 1:03d}"
        if slug in existing:
            continue
        day = today - timedelta(days=days_ago)
        published = datetime.combine(day, time(9, 30), SHANGHAI)
        page = NewsPage(
            title=zh["title"], slug=slug, date=day, kind=kind, summary=zh["summary"],
            cover_image=pictures[picture], cover_alt=zh["alt"], body=_body(slug, zh["body"]),
            search_description=zh["summary"], first_published_at=published,
            last_published_at=published,
        )
        chinese.append(page)
        english.append((page, en))
    if not chinese:
        return
    ctx.add_pages(index, chinese)
    translations = [
        ctx.translation_copy(page, ctx.en, title=en["title"], summary=en["summary"],
                             search_description=en["summary"], cover_alt=en["alt"],
                             body=_body(page.slug, en["body"]))
        for page, en in english
    ]
    ctx.add_pages(index.get_translation(ctx.en), translations)
    ctx.index_pages(NewsPage, chinese + translations)
    ctx.count("news articles", len(chinese))
