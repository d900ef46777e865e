"""Editing works in the Wagtail admin: maker shares must add up to 100%, and material costs
are only for the committee and the accountants."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from catalogue.models import ProductPage

pytestmark = pytest.mark.django_db


def work_form_data(artisans, vocab, shares):
    return nested_form_data({
        "title": "竹编吊灯", "slug": "bamboo-lamp", "kind": "crafted",
        "category": vocab["baskets"].pk, "price": "380.00", "material_cost": "100.00",
        "summary": "", "care_instructions": "", "description": streamfield([]),
        "makers": inline_formset([
            {"artisan": artisan.pk, "share": share}
            for artisan, share in zip([artisans["wang"], artisans["li"]], shares, strict=False)
        ], min=1),
        "gallery_images": inline_formset([]),
        "comments": inline_formset([]),
    })


def bound_form(shop, data, user):
    form_class = ProductPage.get_edit_handler().get_form_class()
    return form_class(data, instance=ProductPage(), parent_page=shop, for_user=user)


@pytest.mark.parametrize("shares, valid", [(["60", "40"], True), (["100"], True),
                                           (["60", "30"], False), (["70", "40"], False)])
def test_makers_shares_must_add_up_to_exactly_100(shop, vocab, artisans, admin_user_in_group,
                                                  shares, valid):
    form = bound_form(shop, work_form_data(artisans, vocab, shares), admin_user_in_group)
    assert form.is_valid() is valid, form.errors
    if not valid:
        assert "100%" in str(form.non_field_errors())


def test_material_cost_field_only_for_committee_and_accountants(shop, committee_user,
                                                                accountant_user):
    from tests.factories import UserFactory

    artisan_user = UserFactory(username="weaver")
    artisan_user.groups.add(Group.objects.get(name="Artisans"))
    form_class = ProductPage.get_edit_handler().get_form_class()
    for user, sees in [(committee_user, True), (accountant_user, True), (artisan_user, False)]:
        form = form_class(instance=ProductPage(), parent_page=shop, for_user=user)
        assert ("material_cost" in form.fields) is sees, user.username
    assert Permission.objects.get(codename="view_material_cost").group_set.filter(
        name="Artisans").count() == 0


def test_artisans_edit_their_own_works_through_the_committee_workflow(shop):
    from wagtail.models import GroupPagePermission, WorkflowPage

    from catalogue.services import shop_grant_artisan_access

    shop_grant_artisan_access(index_page=shop)
    artisans = Group.objects.get(name="Artisans")
    codenames = set(GroupPagePermission.objects.filter(group=artisans, page=shop)
                    .values_list("permission__codename", flat=True))
    assert codenames == {"add_page"}  # ownership: edit what they add, never publish
    assert WorkflowPage.objects.get(page=shop).workflow.name.startswith("委员会审核")


def test_no_autosave_on_a_work_while_it_is_in_review(client, shop, works, admin_user):
    """Autosave would race the committee's approval (and is refused to the locked-out
    artisan): the work's editor has it while drafting, not while the work is in review."""
    from django.urls import reverse

    from catalogue.services import shop_grant_artisan_access

    shop_grant_artisan_access(index_page=shop)
    work = works["basket"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[work.pk])
    client.force_login(admin_user)
    assert "data-w-autosave-interval-value" in client.get(edit_url).content.decode()
    work.save_revision(user=admin_user)
    work.get_workflow().start(work, admin_user)
    assert "data-w-autosave-interval-value" not in client.get(edit_url).content.decode()
