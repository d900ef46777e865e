"""The admin works under a Content-Security-Policy without 'unsafe-inline' (core.admin_csp,
static/js/admin-csp.js): chromium walks the admin's pages in one session and fails on any
`securitypolicyviolation` event or script error, and the editors' widgets still work (a
StreamField block added, Draftail typed into, the image and page choosers open, an inline
panel's new row with a working chooser, the date picker)."""

import pytest
from wagtail.models import Task, Workflow
from wagtail_localize.models import Translation, TranslationSource

from tests.artisans.conftest import artisan_a, directory, page_a  # noqa: F401 (fixtures)
from tests.catalogue.conftest import shop  # noqa: F401 (fixtures)
from tests.catalogue.factories import CategoryFactory, ProductPageFactory
from tests.exhibitions.factories import make_exhibition

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

LISTEN = """window.txViolations = [];
document.addEventListener('securitypolicyviolation', (event) => window.txViolations.push(
  `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));"""


class AdminWalk:
    def __init__(self, context, base):
        context.add_init_script(LISTEN)
        self.page = context.new_page()
        self.base = base
        self.problems = []
        self.page.on("pageerror", lambda error: self.problems.append(
            f"{self.page.url}: {error}"))

    def sign_in(self, username):
        self.page.goto(self.base + "/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", "password")
        self.page.locator("form button[type=submit]").click()
        self.page.wait_for_url(self.base + "/admin/")
        self.check()

    def visit(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        self.page.wait_for_load_state("networkidle")
        self.check()

    def check(self):
        """Violations so far on this page (and script errors) become the test's problems."""
        self.problems += [f"{self.page.url}: {violation}"
                          for violation in self.page.evaluate("window.txViolations.splice(0)")]

    def opens_a_modal(self, field_id):
        """The chooser of the field `field_id` opens its modal (from the chooser's menu when
        something is chosen already)."""
        chooser = self.page.locator(f"#{field_id}-chooser")
        button = chooser.locator("[data-chooser-action-choose]").first
        if not button.is_visible():
            chooser.locator("[data-w-dropdown-target=toggle]").first.click()
        button.click()
        modal = self.page.locator(".modal.fade.in, .modal[style*=block]").last
        modal.locator(".modal-body *").first.wait_for(state="visible", timeout=10_000)
        modal.locator("[data-dismiss=modal]").first.click()
        self.page.locator(".modal-backdrop").wait_for(state="detached", timeout=10_000)
        self.check()


@pytest.fixture
def exhibition(home):
    return make_exhibition(home)


@pytest.fixture
def work(shop, page_a):  # noqa: F811 (fixtures)
    return ProductPageFactory(parent=shop, title="竹编菜篮", slug="basket",
                              category=CategoryFactory(slug="baskets", name="篮筐"),
                              finish__makers=[(page_a, 100)], finish__quantity=5)


@pytest.fixture
def synced_translation(work, locales):
    """A work translated through wagtail-localize, so its English page opens in the
    translation editor."""
    source, _created = TranslationSource.get_or_create_from_instance(work)
    translation = Translation.objects.create(source=source, target_locale=locales["en"])
    translation.save_target(publish=True)
    return translation.get_target_instance()


def test_the_admin_runs_without_inline_code(
    live_server, browser, home, page_a, artisan_a, work, exhibition,  # noqa: F811
    synced_translation, admin_user_in_group, committee_user,
):
    base = live_server.url
    category = work.category
    workflow = Workflow.objects.first()
    task = Task.objects.first()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    walk = AdminWalk(context, base)
    page = walk.page
    walk.sign_in("admin")

    # The home page: its hero image chooser opens its modal.
    walk.visit(f"/admin/pages/{home.pk}/edit/")
    walk.opens_a_modal("id_hero_image")

    # A work: an inline panel's new row, whose page chooser works; Draftail in a new block.
    walk.visit(f"/admin/pages/{work.pk}/edit/")
    rows = page.locator("#id_makers-FORMS > [id^=inline_child_]")
    before = rows.count()
    page.locator("#id_makers-ADD").click()
    assert rows.count() == before + 1
    walk.opens_a_modal(f"id_makers-{before}-artisan")
    walk.opens_a_modal("id_makers-0-artisan")  # chosen: "choose another" is in its menu
    page.locator("#panel-child-content-description-section .c-sf-add-button, "
                 "[data-contentpath=description] .c-sf-add-button").first.click()
    page.locator("[role=option], .w-combobox__option").filter(
        has_text="段落").first.click()
    editor = page.locator("[data-contentpath=description] .public-DraftEditor-content").last
    editor.click()
    page.keyboard.type("竹编菜篮的故事")
    assert "竹编菜篮的故事" in editor.inner_text()
    walk.check()

    # An artisan's page, and an exhibition: its date picker and a new session's pickers.
    walk.visit(f"/admin/pages/{page_a.pk}/edit/")
    walk.visit(f"/admin/pages/{exhibition.pk}/edit/")
    page.locator("#id_starts_on").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    sessions = page.locator("#id_sessions-FORMS > [id^=inline_child_]")
    count = sessions.count()
    page.locator("#id_sessions-ADD").click()
    page.locator(f"#id_sessions-{count}-starts_at").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    walk.opens_a_modal("id_cover_image")
    walk.check()

    # wagtail-localize's translation editor, and its update page.
    walk.visit(f"/admin/pages/{synced_translation.pk}/edit/")
    page.locator(".js-translation-editor *").first.wait_for(timeout=10_000)
    walk.check()

    for path in [
        "/admin/",
        "/admin/snippets/catalogue/category/",
        f"/admin/snippets/catalogue/category/edit/{category.pk}/",
        "/admin/snippets/catalogue/material/",
        "/admin/snippets/artisans/household/",
        "/admin/snippets/artisans/household/add/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/workflows/list/",
        f"/admin/workflows/edit/{workflow.pk}/",
        "/admin/workflows/tasks/index/",
        f"/admin/workflows/tasks/edit/{task.pk}/",
        "/admin/locked_out_logins/",
        "/admin/earnings_report/",
        "/admin/order_desk/",
        "/admin/commissions/",
        "/admin/searchpicks/add/",
        "/admin/webhook_events/",
        "/admin/pages/",
    ]:
        walk.visit(path)
    # The workflow's task chooser opens.
    walk.visit(f"/admin/workflows/edit/{workflow.pk}/")
    walk.opens_a_modal("id_workflow_tasks-0-task")
    context.close()

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    artisan = AdminWalk(context, base)
    artisan.sign_in("artisan_a")
    artisan.visit(f"/admin/pages/{page_a.pk}/edit/")
    context.close()

    assert walk.problems + artisan.problems == []
