"""The directory in a real browser on a 360 px phone with JavaScript switched off: filtering
is a plain form, the page never scrolls sideways, and paging keeps the filters."""

import pytest

from artisans import services
from tests.artisans.factories import (
    ArtisanIndexPageFactory,
    ArtisanPageFactory,
    HouseholdFactory,
    TechniqueFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]


@pytest.fixture
def served_directory(home):
    index = ArtisanIndexPageFactory(parent=home)
    services.grant_section_permissions(index)
    straw = TechniqueFactory(name="草编", name_en="Straw weaving", slug="straw-weaving")
    bamboo = TechniqueFactory(name="竹编", name_en="Bamboo weaving", slug="bamboo-weaving")
    household = HouseholdFactory(code="TX-03-001", village_group=3)
    for n in range(30):
        page = ArtisanPageFactory(parent=index, title=f"草编手艺人{n:02d}号名字很长也不撑破页面",
                                  code=f"A{n:04d}", household=household)
        page.techniques = [straw]
        page.save()
    page = ArtisanPageFactory(parent=index, title="竹编王", code="A0100", household=household)
    page.techniques = [bamboo]
    page.save()
    return index


@pytest.fixture
def phone_without_javascript(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_filter_and_page_on_a_phone_without_javascript(live_server, served_directory,
                                                       phone_without_javascript):
    page = phone_without_javascript
    page.goto(live_server.url + "/artisans/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.select_option("select[name=technique]", "straw-weaving")
    page.get_by_role("button", name="查看手艺人").click()
    page.wait_for_url("**/artisans/?*technique=straw-weaving*")
    assert "30 位手艺人" in page.locator(".result-count").inner_text()
    assert page.locator(".artisan-card").count() == 24
    page.locator("a[rel=next]").click()
    page.wait_for_url("**page=2*")
    assert "technique=straw-weaving" in page.url
    assert page.locator(".artisan-card").count() == 6
    assert "竹编王" not in page.content()
