import io

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from core.roles import grant_site_permissions
from tests.conftest import user_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_with_roles(home):
    grant_site_permissions(home)
    return home


@pytest.mark.parametrize(
    ("group", "can_edit", "can_publish"),
    [
        ("Committee", True, True),
        ("Administrators", True, True),
        ("Accountants", False, False),
        ("Artisans", False, False),
    ],
)
def test_who_may_edit_and_publish_the_home_page(site_with_roles, group, can_edit, can_publish):
    user = user_in_group(group)
    permissions = site_with_roles.permissions_for_user(user)
    assert permissions.can_edit() is can_edit
    assert permissions.can_publish() is can_publish


def test_granting_site_permissions_twice_adds_nothing(site_with_roles):
    before = site_with_roles.group_permissions.count()
    grant_site_permissions(site_with_roles)
    assert site_with_roles.group_permissions.count() == before > 0


@pytest.mark.parametrize("group", ["Administrators", "Committee"])
def test_staff_may_change_the_cooperative_settings(group):
    assert user_in_group(group).has_perm("home.change_cooperativesettings")


@pytest.mark.parametrize("group", ["Artisans", "Accountants"])
def test_others_may_not_change_the_cooperative_settings(group):
    assert not user_in_group(group).has_perm("home.change_cooperativesettings")


def test_only_administrators_manage_users():
    assert user_in_group("Administrators").has_perm("auth.change_user")
    assert not user_in_group("Committee").has_perm("auth.change_user")


def test_server_error_page_is_bilingual_and_self_contained():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出了点问题" in html
    assert "Something went wrong on our side" in html
    assert "{%" not in html


def test_the_command_grants_site_permissions_on_every_home_page(home, english_home):
    from django.core.management import call_command

    committee = user_in_group("Committee")
    assert not english_home.permissions_for_user(committee).can_edit()
    call_command("grant_site_permissions", stdout=io.StringIO())
    committee = type(committee).objects.get(pk=committee.pk)  # permissions are cached per user
    for page in home.get_translations(inclusive=True):
        assert page.permissions_for_user(committee).can_publish()
    counts = [page.group_permissions.count() for page in home.get_translations(inclusive=True)]
    call_command("grant_site_permissions", stdout=io.StringIO())
    assert [page.group_permissions.count()
            for page in home.get_translations(inclusive=True)] == counts
