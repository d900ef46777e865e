"""Each admin role's whole flow in a real browser (Debian chromium):

- the artisan, on a 360 px phone, changes one field of their page (whose portfolio holds an
  imported picture without alt text), lets autosave run, and submits with a note; the
  committee, on a desktop, compares with the live version, reads the note, approves; the
  public page shows the change;
- the accountant exports the household register as CSV and imports it back: nothing changes.

Screenshots of the artisan's dashboard panel and of the import form at 360 and 1280 px go to
$SCREENSHOT_DIR when it is set."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.forms.models import model_to_dict
from wagtail.models import Locale

from artisans.models import ArtisanPage, Household
from tests.artisans.conftest import (  # noqa: F401 (fixtures)
    artisan_a,
    artisan_b,
    directory,
    own_image,
    page_a,
    page_b,
)
from tests.artisans.factories import HouseholdFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def sign_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "password")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(base + "/admin/")


@pytest.fixture
def picture_without_alt_text(page_a, artisan_a):  # noqa: F811 (fixtures)
    picture = own_image(artisan_a, "草编小狗")
    page_a.portfolio = [{"type": "image", "value": {
        "image": {"image": picture.pk, "alt_text": "", "decorative": False}, "caption": ""}}]
    page_a.save_revision(user=artisan_a).publish()
    return picture


def test_artisan_edits_on_a_phone_committee_approves_against_live(
    live_server, browser, page_a, page_b, artisan_a, committee_user,  # noqa: F811
    picture_without_alt_text,
):
    base = live_server.url
    phone = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                locale="zh-CN")
    page = phone.new_page()
    responses = []
    page.on("response", lambda r: responses.append((r.request.method, r.url, r.status))
            if r.request.method == "POST" else None)
    external = []
    page.on("request", lambda r: external.append(r.url)
            if not r.url.startswith((base, "data:", "blob:")) else None)

    sign_in(page, base, "artisan_a")
    panel = page.locator("[data-artisan-pages]")
    assert panel.is_visible()
    screenshot(page, "artisan-dashboard-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("[data-edit-own-page]").click()
    page.wait_for_url(f"**/admin/pages/{page_a.pk}/edit/")

    def autosaved(response):
        return response.request.method == "POST" and response.url.endswith(
            f"/admin/pages/{page_a.pk}/edit/")

    # Two autosaves (the second overwrites the first's revision), then the submission. The
    # editor takes its reference copy of the form 2 s after loading; edits start after it.
    page.wait_for_timeout(2500)
    with page.expect_response(autosaved, timeout=20_000) as first:
        page.locator("input[name=years_weaving]").fill("32")
    assert first.value.status == 200, first.value.text()
    # Wagtail takes the form as its new reference when it announces the save ("已保存"), a
    # moment after the response: typed before that, the next edit would count as saved.
    page.locator("#w-autosave-indicator[data-w-autosave-state-value=saved]").wait_for()
    with page.expect_response(autosaved, timeout=20_000) as second:
        page.locator("input[name=years_weaving]").fill("33")
    assert second.value.status == 200, second.value.text()
    page.locator("textarea[name=submission_note]").fill("编艺年数改成 33 年")
    page.locator("footer [data-w-dropdown-target=toggle], footer button.dropdown-toggle").first \
        .click()
    with page.expect_navigation(url=re.compile(r"/admin/pages/\d+/$")):
        page.get_by_role("button", name="提交给委员会审核 / Committee approval").click()
    assert "已经提交进行审核" in page.content()
    html = page.content()
    assert "无法保存" not in html and "请为您的图片添加替代文本" not in html
    assert "保存将覆盖一个更新的版本" not in html
    edits = [(method, url, status) for method, url, status in responses
             if f"/admin/pages/{page_a.pk}/edit/" in url]
    assert edits and all(status < 400 for _method, _url, status in edits), edits
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.on("request", lambda r: external.append(r.url)
            if not r.url.startswith((base, "data:", "blob:")) else None)
    sign_in(page, base, "committee")
    screenshot(page, "committee-dashboard-1280")
    assert "编艺年数改成 33 年" in page.locator("main").inner_text()
    compare = page.locator("main a[href*='/revisions/compare/live...']").first
    page.goto(base + compare.get_attribute("href"))
    assert "33" in page.locator("main").inner_text()
    page.goto(f"{base}/admin/pages/{page_a.pk}/edit/")
    page.locator("footer [data-w-dropdown-target=toggle], footer button.dropdown-toggle").first \
        .click()
    page.get_by_role("button", name=re.compile("^批准")).first.click()
    page.wait_for_load_state("networkidle")
    desk.close()

    live = ArtisanPage.objects.get(pk=page_a.pk)
    assert live.years_weaving == 33 and not live.has_unpublished_changes
    # One revision for the artisan's autosaves, one for the submission; none after approval.
    assert live.live_revision.user == artisan_a
    public = browser.new_page()
    public.goto(base + live.url)
    assert "33" in public.locator("main").inner_text()
    # The English page follows the approved fact at once (years are not words to translate).
    english = live.get_translation(Locale.objects.get(language_code="en")).specific
    assert english.years_weaving == 33
    public.goto(base + english.url)
    assert "33" in public.locator("main").inner_text()
    public.close()
    assert external == []


def test_accountant_exports_and_reimports_the_register(live_server, browser, accountant_user,
                                                      db):
    for n, (head, member) in enumerate([("王建国", True), ("=HYPERLINK(1)", False)], start=1):
        HouseholdFactory(code=f"TX-01-{n:03d}", head_name=head, is_member=member,
                         capital_contribution=Decimal("1200.50"), notes="-3 户")
    before = [model_to_dict(h) for h in Household.objects.order_by("code")]
    base = live_server.url
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        sign_in(page, base, "accountant")
        page.goto(base + "/admin/artisans_import/")
        screenshot(page, f"import-form-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.get_by_label("要导入的文件").is_visible()
        context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, "accountant")
    page.goto(base + "/admin/snippets/artisans/household/")
    with page.expect_download() as download:
        page.evaluate("url => { window.location.href = url; }",
                      base + "/admin/snippets/artisans/household/?export=csv")
    path = download.value.path()
    page.goto(base + "/admin/artisans_import/")
    page.set_input_files("input[type=file]", files=[{
        "name": "households.csv", "mimeType": "text/csv",
        "buffer": Path(path).read_bytes()}])
    page.get_by_role("button", name="导入并保存").click()
    page.wait_for_selector("[data-import-report]")
    assert "已保存" in page.locator("[data-import-report]").inner_text()
    context.close()
    assert [model_to_dict(h) for h in Household.objects.order_by("code")] == before
