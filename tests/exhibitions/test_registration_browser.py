"""Registering on a 360 px phone in a real browser: the form fits the screen, a mistake is
shown next to its field, and the confirmation page offers the cancel button."""

import pytest

from exhibitions.models import Registration
from tests.exhibitions.factories import make_exhibition

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]


def test_register_on_a_phone(live_server, home, phone_page):
    exhibition = make_exhibition(home, title="春季植物编艺精品展·活体绿雕与竹编藤编同台",
                                 capacity=8)
    page = phone_page
    page.goto(live_server.url + exhibition.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="登记参观").click()
    page.wait_for_url("**/register/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("input[name=name]", "王小明")
    page.fill("input[name=phone]", "1381234")
    page.fill("input[name=party_size]", "2")
    page.get_by_role("button", name="提交登记").click()
    assert page.locator(".errorlist").count() == 1
    assert not Registration.objects.exists()
    page.fill("input[name=phone]", "138 1234 5678")
    page.get_by_role("button", name="提交登记").click()
    page.wait_for_url("**/registration/**")
    assert "138****5678" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="取消登记").click()
    page.wait_for_load_state()
    assert Registration.objects.get().cancelled_at is not None
