"""Login throttling on the Wagtail admin (django-axes): five wrong passwords lock the
username for that address, with a message in Chinese; staff lift the lock in the admin."""

import pytest
from axes.models import AccessAttempt

from tests.conftest import user_in_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee_member(db):
    user = UserFactory(username="committee2", is_staff=True)
    user.set_password("right-password-1")
    user.save()
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="Committee"))
    return user


def login(client, password, username="committee2"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_login_with_a_chinese_message(client, home,
                                                                   committee_member):
    for _ in range(4):
        assert login(client, "wrong").status_code == 200  # the form again, with its error
    response = login(client, "wrong")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    # Locked: even the right password is refused now.
    response = login(client, "right-password-1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_lift_a_lock_in_the_admin(client, home, committee_member, admin_user_in_group):
    for _ in range(5):
        login(client, "wrong")
    attempt = AccessAttempt.objects.get(username="committee2")
    staff = client.__class__()
    staff.force_login(admin_user_in_group)
    listing = staff.get("/admin/locked_out_logins/")
    assert listing.status_code == 200 and "committee2" in listing.content.decode()
    assert staff.post(f"/admin/locked_out_logins/delete/{attempt.pk}/").status_code == 302
    assert not AccessAttempt.objects.exists()
    response = login(client, "right-password-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(committee_member.pk)


def locked_out(client, username="committee2"):
    for _ in range(5):
        login(client, "wrong", username)
    return AccessAttempt.objects.get(username=username)


def test_a_committee_member_lifts_a_lock_without_being_superuser(client, home,
                                                                 committee_member):
    """The committee holds axes' view and delete permissions (core migration 0002)."""
    attempt = locked_out(client)
    colleague = user_in_group("Committee", username="committee")
    assert not colleague.is_superuser
    staff = client.__class__()
    staff.force_login(colleague)
    listing = staff.get("/admin/locked_out_logins/")
    assert listing.status_code == 200 and "committee2" in listing.content.decode()
    assert staff.get(f"/admin/locked_out_logins/delete/{attempt.pk}/").status_code == 200
    assert staff.post(f"/admin/locked_out_logins/delete/{attempt.pk}/").status_code == 302
    assert not AccessAttempt.objects.exists()
    assert login(client, "right-password-1").status_code == 302


def test_an_artisan_can_neither_see_nor_lift_locks(client, home, committee_member):
    attempt = locked_out(client)
    artisan = client.__class__()
    artisan.force_login(user_in_group("Artisans", username="artisan"))
    listing = artisan.get("/admin/locked_out_logins/")
    assert listing.status_code in (302, 403) and "committee2" not in listing.content.decode()
    assert artisan.post(f"/admin/locked_out_logins/delete/{attempt.pk}/").status_code in (
        302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert login(client, "right-password-1").status_code == 429
