"""Who may do what with artisans' pages and the household register: every cell of the
matrix (anonymous, artisan A, artisan B, committee, accountant, administrator) × (view, edit,
publish, approve) on A's page, B's page and the household records, checked through Wagtail's
own permission policies and through the admin's responses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from wagtail.models import WorkflowState

from artisans.models import Household
from artisans.wagtail_hooks import HouseholdViewSet

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "artisan_a", "artisan_b", "committee", "accountant", "administrator"]

# Pages: view = see the live page on the site; edit = open and save it in the admin;
# publish = make a change live without review; approve = act on the committee's task.
PAGE_A = {
    "anonymous":     {"view": True, "edit": False, "publish": False, "approve": False},
    "artisan_a":     {"view": True, "edit": True,  "publish": False, "approve": False},
    "artisan_b":     {"view": True, "edit": False, "publish": False, "approve": False},
    "committee":     {"view": True, "edit": True,  "publish": True,  "approve": True},
    "accountant":    {"view": True, "edit": False, "publish": False, "approve": False},
    "administrator": {"view": True, "edit": True,  "publish": True,  "approve": True},
}
PAGE_B = {
    **PAGE_A,
    "artisan_a": PAGE_A["artisan_b"],
    "artisan_b": PAGE_A["artisan_a"],
}
# Households have no publishing or approval: the four actions are the register's own
# (view the list and records, change, add, delete); approve/publish never apply.
HOUSEHOLDS = {
    "anonymous":     {"view": False, "change": False, "add": False, "delete": False},
    "artisan_a":     {"view": False, "change": False, "add": False, "delete": False},
    "artisan_b":     {"view": False, "change": False, "add": False, "delete": False},
    "committee":     {"view": True,  "change": False, "add": False, "delete": False},
    "accountant":    {"view": True,  "change": True,  "add": True,  "delete": True},
    "administrator": {"view": True,  "change": True,  "add": True,  "delete": True},
}


@pytest.fixture
def users(artisan_a, artisan_b, committee_user, accountant_user, admin_user_in_group):
    return {
        "anonymous": AnonymousUser(),
        "artisan_a": artisan_a,
        "artisan_b": artisan_b,
        "committee": committee_user,
        "accountant": accountant_user,
        "administrator": admin_user_in_group,
    }


@pytest.fixture
def pages(page_a, page_b):
    return {"A": page_a, "B": page_b}


def login(client, user):
    if user.is_authenticated:
        client.force_login(user)


def submit_for_review(page, user):
    page.save_revision(user=user)
    workflow = page.get_workflow()
    workflow.start(page, user)
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("which", "expected"), [("A", PAGE_A), ("B", PAGE_B)])
def test_page_permission_matrix(client, users, pages, role, which, expected):
    user, page, cells = users[role], pages[which], expected[role]
    owner = page.owner
    login(client, user)

    assert (client.get(page.url).status_code == 200) is cells["view"]

    permissions = page.permissions_for_user(user)
    assert permissions.can_edit() is cells["edit"]
    edit_response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert (edit_response.status_code == 200) is cells["edit"]

    assert permissions.can_publish() is cells["publish"]

    state = submit_for_review(page, owner)
    task = state.current_task_state.task.specific
    assert bool(task.get_actions(page, user)) is cells["approve"] if user.is_authenticated \
        else not cells["approve"]
    if user.is_authenticated:
        approve_url = reverse("wagtailadmin_pages:workflow_action",
                              args=[page.pk, "approve", state.current_task_state.pk])
        client.post(approve_url, {"comment": ""})
        state.refresh_from_db()
        assert (state.status == WorkflowState.STATUS_APPROVED) is cells["approve"]


@pytest.mark.parametrize("role", ROLES)
def test_household_permission_matrix(client, users, page_a, role):
    user, cells = users[role], HOUSEHOLDS[role]
    household = Household.objects.get(code="TX-01-001")
    policy = HouseholdViewSet().permission_policy
    login(client, user)
    for action in ("view", "change", "add", "delete"):
        assert policy.user_has_permission(user, action) is cells[action], action

    listing = client.get(reverse("wagtailsnippets_artisans_household:list"))
    assert (listing.status_code == 200 and "TX-01-001" in listing.content.decode()) \
        is cells["view"]
    edit = client.get(reverse("wagtailsnippets_artisans_household:edit", args=[household.pk]))
    assert (edit.status_code == 200) is cells["change"]
    if user.is_authenticated:
        client.post(reverse("wagtailsnippets_artisans_household:edit", args=[household.pk]),
                    {**_household_form(household), "head_name": "改过的名字"})
        household.refresh_from_db()
        assert (household.head_name == "改过的名字") is cells["change"]


def _household_form(household):
    return {
        "code": household.code, "head_name": household.head_name,
        "village_group": household.village_group, "members": household.members,
        "is_member": "on", "joined_on": "", "left_on": "",
        "capital_contribution": "1000.00", "reserve_share": "0.00", "phone": "", "notes": "",
    }


def test_artisan_edit_form_hides_the_register_and_its_money(client, artisan_a, page_a):
    client.force_login(artisan_a)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).content.decode()
    assert 'name="biography"' in html
    for hidden in ('name="household"', 'name="code"', "capital_contribution", "reserve_share",
                   "TX-01-001"):
        assert hidden not in html


def test_committee_sees_the_register_fields_on_the_page(client, committee_user, page_a):
    client.force_login(committee_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).content.decode()
    assert 'name="household"' in html and 'name="code"' in html


def test_artisan_cannot_reach_other_admin_areas(client, artisan_a, page_a):
    client.force_login(artisan_a)
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailsnippets_artisans_household:list"),
        reverse("artisans_import:index"),
        reverse("wagtailsettings:edit", args=["home", "cooperativesettings"]),
    ):
        assert client.get(url).status_code in (302, 403), url
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "TX-01-001" not in menu


def test_artisan_edits_only_their_own_images(client, artisan_a, page_a, page_b):
    client.force_login(artisan_a)
    own, other = page_a.portrait, page_b.portrait
    assert client.get(reverse("wagtailimages:edit", args=[own.pk])).status_code == 200
    response = client.get(reverse("wagtailimages:edit", args=[other.pk]))
    assert response.status_code in (302, 403)
    listing = client.get(reverse("wagtailimages:index")).content.decode()
    assert own.title in listing and other.title not in listing

