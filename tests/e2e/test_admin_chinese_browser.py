"""The admin as an artisan whose language is Chinese sees it, in a real browser (Debian
chromium), on a browser that asks for English:

- the dashboard at 360 px: the household earnings panel is a panel with one big link card;
- the page editor: the strings Wagtail's JavaScript draws (served by /admin/jsi18n/, the
  `djangojs` catalogue, completed in locale_wagtail/) — the StreamField "insert a block"
  button and menu, the rich text toolbar and its "/" menu (lists, blocks, split), the image
  chooser, the checks and comments side panels — and the date picker's months and weekdays.

Screenshots go to $SCREENSHOT_DIR when it is set."""

import os
import re

import pytest
from wagtail.users.models import UserProfile

from tests.artisans.conftest import artisan_a, directory, page_a  # noqa: F401 (fixtures)
from tests.e2e.test_roles_browser import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
# Keyboard shortcuts in tooltips ("粗体 Ctrl + B") are the keys' names, not words to translate.
KEYS = re.compile(r"\b(Ctrl|Alt|Shift|Cmd|Enter)\b")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")

LABELS = """() => Array.from(document.querySelectorAll('[aria-label], [title], [placeholder]'))
  .filter(e => e.getClientRects().length)
  .flatMap(e => ['aria-label', 'title', 'placeholder'].map(a => e.getAttribute(a)))
  .filter(Boolean)"""


def screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"))


def english_labels(page) -> list[str]:
    return [label for label in page.evaluate(LABELS)
            if ENGLISH_WORD.search(KEYS.sub("", label))]


@pytest.fixture
def chinese_artisan(artisan_a, page_a):  # noqa: F811 (fixtures)
    profile = UserProfile.get_for_user(artisan_a)
    profile.preferred_language = "zh-hans"
    profile.save()
    return artisan_a


def test_an_artisans_admin_speaks_chinese_down_to_the_javascript(
    live_server, browser, chinese_artisan, page_a,  # noqa: F811 (fixtures)
):
    base = live_server.url
    phone = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                locale="en-US")
    page = phone.new_page()
    sign_in(page, base, "artisan_a")
    panel = page.locator("#household-earnings-section")
    link = panel.locator("[data-household-statement]")
    panel.scroll_into_view_if_needed()
    screenshot(page, "artisan-earnings-panel-360")
    assert "我家的收入" in panel.inner_text()
    outer, card = panel.bounding_box(), link.bounding_box()
    assert card["height"] >= 48 and outer["x"] < card["x"]
    assert card["x"] + card["width"] < outer["x"] + outer["width"] <= 360
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = desk.new_page()
    sign_in(page, base, "artisan_a")
    page.goto(f"{base}/admin/pages/{page_a.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("django.gettext('Insert a block')") == "插入内容块"
    assert "星期一" in page.evaluate("wagtailConfig.STRINGS.WEEKDAYS_SHORT")

    # The rich text toolbar, on a selection in the biography.
    page.locator("[data-contentpath=biography] [contenteditable=true]").click()
    page.keyboard.type("编了三十年")
    page.keyboard.press("Shift+Home")
    toolbar = page.locator("[role=toolbar]").filter(visible=True).first
    toolbar.wait_for()
    tips = toolbar.locator("[aria-label]").evaluate_all("els => els.map(e => e.ariaLabel)")
    for name in ("粗体", "斜体", "链接"):
        assert any(tip.startswith(name) for tip in tips), tips
    screenshot(page, "editor-toolbar")

    # The StreamField's "insert a block" button and its menu.
    add = page.locator("[data-contentpath=portfolio] button[title]").last
    assert add.get_attribute("title") == "插入内容块"
    add.scroll_into_view_if_needed()
    add.click()
    menu = page.get_by_role("listbox").last
    menu.wait_for()
    assert page.get_by_placeholder("搜索项…").is_visible()
    screenshot(page, "editor-block-menu")
    page.get_by_role("option", name="段落").click()

    # The "/" menu of a new paragraph: lists, the blocks, and "split block".
    paragraph = page.locator("[data-contentpath=portfolio] [contenteditable=true]").last
    paragraph.click()
    page.keyboard.type("草编")
    page.keyboard.press("Enter")
    page.keyboard.type("/")
    commands = page.get_by_role("listbox").last
    commands.wait_for()
    text = commands.inner_text()
    for label in ("编号列表", "项目列表", "内容块", "段落", "拆分内容块"):
        assert label in text, text
    screenshot(page, "editor-slash-menu")
    page.keyboard.press("Escape")

    # The image chooser, from a new picture block.
    add = page.locator("[data-contentpath=portfolio] button[title]").last
    add.click()
    page.get_by_role("option", name="带说明的图片").click()
    page.locator("[data-contentpath=portfolio] button").filter(has_text="选择一个图片").last \
        .click()
    modal = page.locator(".modal-content")
    modal.wait_for()
    modal.get_by_role("heading", name="选择一个图片").wait_for()
    screenshot(page, "editor-image-chooser")
    assert english_labels(page) == []
    modal.locator("button.close, [data-dismiss=modal], [aria-label='关闭对话框']").first.click()

    # The checks and comments side panels.
    page.get_by_role("button", name="显示/隐藏检查").click()
    checks = page.locator("[data-side-panel='checks']")
    checks.get_by_text("分钟").wait_for()
    screenshot(page, "editor-checks")
    page.get_by_role("button", name="评论开关").click()
    page.get_by_text("评论通知").wait_for()
    assert english_labels(page) == []

    # The date picker, in a date filter.
    page.goto(f"{base}/admin/reports/site-history/")
    page.locator("button[aria-controls=filters-drilldown], button").filter(
        has=page.locator("svg.icon-sliders")).first.click()
    page.get_by_role("button", name="日期").click()
    page.locator("#id_timestamp_0").click()
    picker = page.locator(".xdsoft_datetimepicker").filter(visible=True).first
    picker.wait_for()
    text = picker.inner_text()
    assert "星期一" in text and "月" in text and not ENGLISH_WORD.search(text), text
    screenshot(page, "date-picker")
    desk.close()
