"""The English site keeps in step with the Chinese one: names in pinyin (found on both sites),
facts copied at once when the Chinese page is published, words flagged for translation, and
the footer in English."""

import io
from decimal import Decimal

import pytest
from wagtail.models import Page
from wagtail_localize.models import Translation

from artisans.models import ArtisanIndexPage, ArtisanPage
from catalogue.models import CatalogueIndexPage, Category, ProductMaker, ProductPage
from core.demo import DemoContext
from core.demo.pages import block_id
from core.translation import pinyin_name
from home.models import CooperativeSettings
from tests.artisans.factories import HouseholdFactory, TechniqueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "pinyin"), [
    ("孟秀兰", "Meng Xiulan"), ("曾建国", "Zeng Jianguo"), ("吕春华", "Lü Chunhua"),
    ("王芳", "Wang Fang"), ("Anna", "Anna"), ("", ""),
])
def test_names_are_written_in_pinyin(name, pinyin):
    assert pinyin_name(name) == pinyin


@pytest.fixture
def ctx(home):
    return DemoContext(scale=1, stdout=io.StringIO())


@pytest.fixture
def artisan(ctx):
    """孟秀兰 and her English page, bulk-built as the demo builds them."""
    index = ctx.section_page(ArtisanIndexPage, chinese={"title": "手艺人", "slug": "artisans"},
                             english={"title": "Artisans"})
    page = ArtisanPage(
        title="孟秀兰", slug="a0001", code="A0001", household=HouseholdFactory(),
        years_weaving=20, name_pinyin=pinyin_name("孟秀兰"),
        biography="<p>孟秀兰编了二十年。</p><p>她最拿手的是熊猫。</p>",
    )
    page.techniques = [TechniqueFactory(slug="bamboo", name="竹编", name_en="Bamboo weaving")]
    ctx.add_pages(index, [page])
    english = ctx.translation_copy(
        page, ctx.en, title="Meng Xiulan",
        biography="<p>Meng Xiulan has woven for twenty years.</p><p>Pandas are her best.</p>",
    )
    ctx.add_pages(index.get_translation(ctx.en), [english])
    ctx.index_pages(ArtisanPage, [page, english])
    return page


def test_meng_finds_the_artisan_on_both_sites(artisan, client):
    for url in ("/search/", "/en/search/"):
        response = client.get(url, {"q": "Meng"})
        names = [page.title for page in response.context["artisans"]]
        assert names == (["孟秀兰"] if url == "/search/" else ["Meng Xiulan"]), url
    response = client.get("/artisans/", {"q": "meng"})
    assert [page.title for page in response.context["artisans"]] == ["孟秀兰"]


def test_pinyin_is_written_when_left_empty(artisan):
    artisan.name_pinyin = ""
    artisan.title = "曾秀兰"
    artisan.save_revision().publish()
    assert ArtisanPage.objects.get(pk=artisan.pk).name_pinyin == "Zeng Xiulan"


def test_a_chinese_edit_brings_facts_at_once_and_flags_words(artisan, ctx):
    technique = TechniqueFactory(slug="straw", name="草编", name_en="Straw weaving")
    artisan.years_weaving = 30
    artisan.techniques = [technique]
    artisan.biography = "<p>孟秀兰编了三十年。</p><p>她最拿手的是熊猫。</p>"
    artisan.save_revision().publish()

    english = ArtisanPage.objects.get(translation_key=artisan.translation_key, locale=ctx.en)
    assert english.years_weaving == 30  # a fact: copied at once
    assert list(english.techniques.all()) == [technique]
    assert english.title == "Meng Xiulan"  # words translated before stay translated
    assert "Pandas are her best." in english.biography
    assert "孟秀兰编了三十年" in english.biography  # the changed words wait for translation
    translation = Translation.objects.get(source__object_id=artisan.translation_key,
                                          target_locale=ctx.en)
    total, translated = translation.get_progress()
    assert (total, translated) == (3, 2)  # title and two paragraphs; one changed


def test_a_new_price_reaches_the_english_work_at_once(artisan, ctx, client):
    shop = ctx.section_page(CatalogueIndexPage, chinese={"title": "作品", "slug": "shop"},
                            english={"title": "Shop"})
    work = ProductPage(
        title="竹编菜篮", slug="work-00001", price=Decimal("120.00"), summary="手工竹编菜篮。",
        category=Category.objects.create(slug="baskets", name="篮筐", name_en="Baskets"),
        description=[{"type": "paragraph", "id": block_id("work-00001", "description"),
                      "value": "<p>一根一根编织。</p>"}],
    )
    work.makers = [ProductMaker(artisan=artisan, share=Decimal("100.00"))]
    ctx.add_pages(shop, [work])
    english = ctx.translation_copy(
        work, ctx.en, title="Bamboo market basket", summary="A hand-woven bamboo basket.",
        description=[{"type": "paragraph", "id": block_id("work-00001", "description"),
                      "value": "<p>Woven strand by strand.</p>"}],
    )
    ctx.add_pages(shop.get_translation(ctx.en), [english])

    work = ProductPage.objects.get(pk=work.pk)
    work.price = Decimal("150.00")
    work.save_revision().publish()

    english = ProductPage.objects.get(pk=english.pk)
    assert english.price == Decimal("150.00")
    assert english.title == "Bamboo market basket"
    assert english.summary == "A hand-woven bamboo basket."
    assert "Woven strand by strand." in str(english.description)
    response = client.get(english.url)
    assert "Meng Xiulan" in response.content.decode()  # the maker, by her English page


def test_the_footer_is_english_on_the_english_site(home, client):
    coop = CooperativeSettings.for_site(Page.objects.get(pk=home.pk).get_site())
    coop.opening_hours, coop.opening_hours_en = "每日 9:00–17:30", "Daily 9:00–17:30"
    coop.bank_name, coop.bank_name_en = "演示银行", "Demo Bank"
    coop.bank_account_name, coop.bank_account_name_en = "合作社", "The cooperative"
    coop.bank_account_number = "6200"
    coop.save()
    english = client.get("/en/").content.decode()
    chinese = client.get("/").content.decode()
    for words in ("Daily 9:00–17:30", "Demo Bank", "The cooperative"):
        assert words in english and words not in chinese
    assert "演示银行" in chinese and "演示银行" not in english
