"""The public directory: each filter alone and combined, search by Chinese name, sorting,
pagination that keeps the filters, bad input, both languages, and a query count that does
not grow with the data."""

import pytest

from core.translation import sync_aliases
from tests.artisans.conftest import own_image
from tests.artisans.factories import ArtisanPageFactory, HouseholdFactory, TechniqueFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [artisan.title for artisan in response.context["artisans"]]


@pytest.fixture
def village(directory, techniques, specialties):
    group_1 = HouseholdFactory(code="TX-01-001", village_group=1)
    group_2 = HouseholdFactory(code="TX-02-001", village_group=2)
    rows = [
        # name, household, techniques, specialties, years
        ("王秀兰", group_1, ["straw"], ["animals"], 35),
        ("王建国", group_1, ["bamboo"], ["arches"], 12),
        ("李桂芳", group_2, ["straw", "green"], ["arches"], 22),
        ("张玉珍", group_2, ["green"], ["animals"], 5),
    ]
    for number, (name, household, own_techniques, own_specialties, years) in enumerate(rows, 1):
        page = ArtisanPageFactory(parent=directory, title=name, code=f"A{number:04d}",
                                  household=household, years_weaving=years)
        page.techniques = [techniques[key] for key in own_techniques]
        page.specialties = [specialties[key] for key in own_specialties]
        page.save()
        sync_aliases(page)
    hidden = ArtisanPageFactory(parent=directory, title="王未发布", code="A0099",
                                household=group_1)
    hidden.unpublish()
    return directory


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["王秀兰", "王建国", "李桂芳", "张玉珍"]),
        ({"technique": "straw-weaving"}, ["王秀兰", "李桂芳"]),
        ({"group": "2"}, ["李桂芳", "张玉珍"]),
        ({"specialty": "garden-arches"}, ["王建国", "李桂芳"]),
        ({"experience": "30-plus"}, ["王秀兰"]),
        ({"experience": "under-10"}, ["张玉珍"]),
        ({"experience": "20-29"}, ["李桂芳"]),
        ({"q": "王"}, ["王秀兰", "王建国"]),
        ({"q": "秀兰"}, ["王秀兰"]),
        ({"technique": "straw-weaving", "group": "2"}, ["李桂芳"]),
        ({"technique": "living-green-sculpture", "specialty": "animal-figures"}, ["张玉珍"]),
        ({"q": "王", "experience": "10-19"}, ["王建国"]),
        ({"technique": "straw-weaving", "group": "1", "specialty": "animal-figures",
          "experience": "30-plus", "q": "王"}, ["王秀兰"]),
        ({"technique": "bamboo-weaving", "group": "2"}, []),
    ],
)
def test_filters_alone_and_combined(client, village, query, expected):
    response = client.get("/artisans/", query)
    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("most-experienced", ["王秀兰", "李桂芳", "王建国", "张玉珍"]),
        ("least-experienced", ["张玉珍", "王建国", "李桂芳", "王秀兰"]),
    ],
)
def test_sorting(client, village, sort, expected):
    assert names(client.get("/artisans/", {"sort": sort})) == expected


def test_no_match_says_so(client, village):
    html = client.get("/artisans/", {"q": "不存在的名字"}).content.decode()
    assert "没有符合" in html or "No artisan matches" in html


@pytest.mark.parametrize(
    "query",
    [{"technique": "no-such"}, {"group": "abc"}, {"experience": "x"}, {"sort": "drop table"},
     {"page": "999"}, {"page": "-1"}, {"q": "王" * 80}],
)
def test_bad_input_never_breaks_the_page(client, village, query):
    response = client.get("/artisans/", query)
    assert response.status_code == 200


def test_filters_work_as_a_plain_form_without_javascript(client, village):
    html = client.get("/artisans/").content.decode()
    assert '<form class="directory-filters" method="get" action="/artisans/"' in html
    for name in ("q", "technique", "group", "specialty", "experience", "sort"):
        assert f'name="{name}"' in html
    assert "<script" not in html.split('class="directory-filters"')[1].split("</form>")[0]


def test_pagination_keeps_the_filters(client, village, techniques):
    household = HouseholdFactory(code="TX-03-001", village_group=3)
    for number in range(30):
        page = ArtisanPageFactory(parent=village, title=f"竹编手艺人{number}",
                                  code=f"B{number:04d}", household=household)
        page.techniques = [techniques["bamboo"]]
        page.save()
    response = client.get("/artisans/", {"technique": "bamboo-weaving", "sort": "name"})
    html = response.content.decode()
    assert response.context["page_obj"].paginator.count == 31
    assert 'href="?technique=bamboo-weaving&amp;sort=name&amp;page=2"' in html
    second = client.get("/artisans/", {"technique": "bamboo-weaving", "sort": "name", "page": 2})
    assert len(names(second)) == 7
    assert "王秀兰" not in names(second)


def test_english_directory_lists_the_english_pages(client, village):
    response = client.get("/en/artisans/", {"technique": "straw-weaving"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html and "Straw weaving" in html
    assert all(page.locale.language_code == "en" for page in response.context["artisans"])
    assert names(response) == ["王秀兰", "李桂芳"]


def test_card_shows_portrait_name_and_techniques(client, page_a, techniques):
    page_a.techniques = [techniques["straw"]]
    page_a.save_revision().publish()
    html = client.get("/artisans/").content.decode()
    card = html.split('class="card artisan-card"')[1].split("</article>")[0]
    assert "王秀兰" in card and "草编" in card and "<picture" in card and "/artisans/a0001/" in card


def make_artisans(directory, count, techniques, start=0):
    household = HouseholdFactory(code=f"TX-05-{start // 100 + 1:03d}", village_group=5)
    portrait = own_image(None, f"肖像 {start}")
    for number in range(start, start + count):
        page = ArtisanPageFactory(parent=directory, title=f"手艺人{number}",
                                  code=f"C{number:04d}", household=household, portrait=portrait)
        page.techniques = [techniques["straw"], techniques["bamboo"]]
        page.save()


@pytest.mark.parametrize("query", [{}, {"technique": "straw-weaving", "group": "5"}])
def test_query_count_is_pinned_and_does_not_grow_with_the_data(
    client, directory, techniques, page_a, page_queries, django_assert_num_queries, query
):
    make_artisans(directory, 3, techniques)
    small = page_queries("/artisans/", query)
    make_artisans(directory, 60, techniques, start=100)
    large = page_queries("/artisans/", query)
    assert small == large
    cold, warm = large
    # Nothing cached: Wagtail's routing (site, locale, the pages on the way down, aliases,
    # view restrictions: 7), the menu, the settings, the language links, the filters'
    # vocabularies, the count, the page of artisans, and for their cards the techniques,
    # portraits and renditions, three queries for any number of cards.
    assert cold == 21
    # Vocabularies, results and cards cached (whole pages are not, in these tests): Wagtail's
    # routing and the artisans on this page of results (their cards' keys need their
    # publication time). Served whole from the cache, the page costs none.
    with django_assert_num_queries(8):
        client.get("/artisans/", query)


def test_a_new_technique_appears_in_the_filter_at_once(client, village):
    client.get("/artisans/")  # caches the filters' choices
    TechniqueFactory(name="棕编", name_en="Palm weaving", slug="palm-weaving")
    assert "棕编" in client.get("/artisans/").content.decode()


def test_cards_follow_a_renamed_technique_at_once(client, page_a, techniques):
    page_a.techniques = [techniques["straw"]]
    page_a.save_revision().publish()
    assert "草编" in client.get("/artisans/").content.decode()  # the card is now cached
    techniques["straw"].name = "麦草编"
    techniques["straw"].save()
    card = client.get("/artisans/").content.decode().split('class="card artisan-card"')[1]
    assert "麦草编" in card.split("</article>")[0]


def test_artisan_page_has_a_meta_description(client, page_a):
    page_a.biography = "<p>王秀兰编了三十五年草编，擅长动物造型。</p>"
    page_a.save_revision().publish()
    html = client.get("/artisans/a0001/").content.decode()
    assert '<meta name="description" content="王秀兰编了三十五年草编，擅长动物造型。">' in html
