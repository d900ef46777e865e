import pytest

from tests.artisans.factories import ArtisanIndexPageFactory, ArtisanPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]


@pytest.fixture
def served_home(home):
    index = ArtisanIndexPageFactory(parent=home)
    for n in range(8):
        ArtisanPageFactory(parent=index, title=f"编艺手艺人{n}号很长的名字也不能撑破页面")
    return home


@pytest.mark.parametrize("path", ["/", "/en/", "/search/?q=编织", "/no-such-page/"])
def test_pages_fit_a_360px_phone_without_horizontal_scrolling(live_server, served_home,
                                                             phone_page, path):
    phone_page.goto(live_server.url + path)
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    assert phone_page.locator("header.site-header").is_visible()
    assert phone_page.locator("footer.site-footer").is_visible()


def test_language_switcher_moves_between_languages(live_server, served_home, phone_page):
    phone_page.goto(live_server.url + "/")
    phone_page.get_by_role("link", name="English").click()
    phone_page.wait_for_url(live_server.url + "/en/")
    assert phone_page.locator("html").get_attribute("lang") == "en"
    phone_page.get_by_role("link", name="简体中文").click()
    phone_page.wait_for_url(live_server.url + "/")
    assert phone_page.locator("html").get_attribute("lang") == "zh-Hans"
