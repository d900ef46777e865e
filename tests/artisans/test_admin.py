"""The register in the admin (the Cooperative menu, filters, search, CSV/XLSX export), the
page tree rules, the section set-up, and what the admin says about bad uploads."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image as PILImage
from wagtail.models import GroupPagePermission, WorkflowPage

from artisans import services
from artisans.models import ArtisanIndexPage, ArtisanPage
from home.models import HomePage
from tests.artisans.factories import ArtisanIndexPageFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD_LIST = "wagtailsnippets_artisans_household:list"


@pytest.fixture
def register(db):
    HouseholdFactory(code="TX-01-001", head_name="王建国", village_group=1, is_member=True)
    HouseholdFactory(code="TX-02-001", head_name="李德明", village_group=2, is_member=False)
    HouseholdFactory(code="TX-02-002", head_name="张玉珍", village_group=2, is_member=True)


def listed(response) -> list[str]:
    return [household.code for household in response.context["object_list"]]


def test_register_filters_and_search(client, accountant_user, register):
    client.force_login(accountant_user)
    assert listed(client.get(reverse(HOUSEHOLD_LIST), {"village_group": 2})) == [
        "TX-02-001", "TX-02-002"]
    assert listed(client.get(reverse(HOUSEHOLD_LIST), {"is_member": "false"})) == ["TX-02-001"]
    assert listed(client.get(reverse(HOUSEHOLD_LIST),
                             {"village_group": 2, "is_member": "true"})) == ["TX-02-002"]
    assert listed(client.get(reverse(HOUSEHOLD_LIST), {"q": "李德明"})) == ["TX-02-001"]


def test_register_exports_csv_and_xlsx(client, accountant_user, register):
    client.force_login(accountant_user)
    csv = client.get(reverse(HOUSEHOLD_LIST), {"export": "csv", "village_group": 2})
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "TX-02-001" in text and "李德明" in text and "TX-01-001" not in text
    xlsx = client.get(reverse(HOUSEHOLD_LIST), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "TX-01-001", "TX-02-001", "TX-02-002"]


def test_cooperative_menu_groups_the_register(client, accountant_user, committee_user,
                                              artisan_a):
    client.force_login(accountant_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar menu is JSON for the admin's script, so the label is \u-escaped.
    assert json.dumps("合作社")[1:-1] in html and reverse(HOUSEHOLD_LIST) in html
    assert reverse("artisans_import:index") in html
    client.force_login(committee_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(HOUSEHOLD_LIST) in html and reverse("artisans_import:index") not in html
    client.force_login(artisan_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(HOUSEHOLD_LIST) not in html


def test_household_form_refuses_negative_money_and_leaving_before_joining(
    client, accountant_user
):
    client.force_login(accountant_user)
    response = client.post(reverse("wagtailsnippets_artisans_household:add"), {
        "code": "TX-04-001", "head_name": "周", "village_group": 4, "members": 2,
        "is_member": "on", "joined_on": "2020-01-01", "left_on": "2019-01-01",
        "capital_contribution": "-1", "reserve_share": "0", "phone": "", "notes": "",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "capital_contribution" in errors and "left_on" in errors


def test_page_tree_rules(home):
    assert ArtisanIndexPage.can_create_at(home)
    assert ArtisanIndexPage.allowed_parent_page_models() == [HomePage]
    assert ArtisanPage.allowed_parent_page_models() == [ArtisanIndexPage]
    assert ArtisanPage.allowed_subpage_models() == []
    ArtisanIndexPageFactory(parent=home)
    assert not ArtisanIndexPage.can_create_at(home)  # one directory per site


def test_section_setup_is_idempotent_and_covers_translations(directory, locales):
    services.grant_section_permissions(directory)
    english = directory.get_translation(locales["en"])
    for page in (directory, english):
        workflow = WorkflowPage.objects.get(page=page).workflow
        assert workflow.name == "委员会审核 / Committee approval"
        artisans = GroupPagePermission.objects.filter(page=page, group__name="Artisans")
        assert [p.permission.codename for p in artisans] == ["add_page"]
    assert GroupPagePermission.objects.filter(page=directory, group__name="Committee").count() == 5


def test_new_directory_made_in_the_admin_becomes_a_section(client, admin_user_in_group, home):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(admin_user_in_group)
    client.post(
        reverse("wagtailadmin_pages:add", args=["artisans", "artisanindexpage", home.pk]),
        nested_form_data({"title": "手艺人", "slug": "artisans", "intro": rich_text(""),
                          "comments": inline_formset([]), "action-publish": "publish"}),
    )
    index = ArtisanIndexPage.objects.get(slug="artisans", locale=home.locale)
    assert WorkflowPage.objects.filter(page=index).exists()


def image_upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(size):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (80, 130, 62)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: image_upload("bio.txt", b"just text", "text/plain"), "请上传有效图片"),
        (lambda: image_upload("fake.png", b"not a png at all"), "请上传有效图片"),
        (lambda: image_upload("flood.png", png((8000, 6000))), "像素"),
    ],
)
def test_bad_image_uploads_get_a_clear_message(client, artisan_a, page_a, upload, message):
    client.force_login(artisan_a)
    from wagtail.images import get_image_model

    before = get_image_model().objects.count()
    response = client.post(reverse("wagtailimages:add"), {
        "title": "我的作品", "file": upload(), "collection": 1,
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_image_model().objects.count() == before


def test_too_large_upload_gets_a_clear_message(client, artisan_a, page_a, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    client.force_login(artisan_a)
    response = client.post(reverse("wagtailimages:add"), {
        "title": "大照片", "file": image_upload("big.png", png((400, 400))), "collection": 1,
    })
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
