"""The self-service loop through the admin, as the artisan and the committee would click it:
edit → submit → rejected with a comment → edit again → approved → the live page changes."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

pytestmark = pytest.mark.django_db


def edit_data(page, biography, action):
    return nested_form_data({
        "title": page.title,
        "slug": page.slug,
        "portrait": page.portrait_id,
        "biography": rich_text(biography),
        "techniques": [],
        "specialties": [],
        "years_weaving": page.years_weaving,
        "awards": "",
        "portfolio": streamfield([]),
        "comments": inline_formset([]),
        action: action,
    })


def current_task_state(page):
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress") \
        .current_task_state


def test_edit_reject_edit_approve_goes_live(client, artisan_a, committee_user, page_a):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])

    # The artisan edits and submits; nothing changes on the site yet.
    client.force_login(artisan_a)
    response = client.post(edit_url, edit_data(page_a, "<p>我编了三十年草编。</p>",
                                                "action-submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "三十年" not in client.get(page_a.url).content.decode()
    task_state = current_task_state(page_a)
    assert task_state.task.name == "委员会审核 / Committee review"

    # The committee requests changes with a comment.
    client.force_login(committee_user)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action",
                args=[page_a.pk, "reject", task_state.pk]),
        {"comment": "请补充一张作品照片"},
    )
    assert response.status_code in (200, 302)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.get_comment() == "请补充一张作品照片"

    # The artisan sees the outcome and the comment on their edit page.
    client.force_login(artisan_a)
    html = client.get(edit_url).content.decode()
    assert "请补充一张作品照片" in html
    assert "三十年" not in client.get(page_a.url).content.decode()

    # Edits again and resubmits; the committee approves; the change is live.
    response = client.post(edit_url, edit_data(page_a, "<p>我编了三十一年草编。</p>",
                                                "action-submit"))
    assert response.status_code == 302
    task_state = current_task_state(page_a)
    client.force_login(committee_user)
    client.post(reverse("wagtailadmin_pages:workflow_action",
                        args=[page_a.pk, "approve", task_state.pk]), {"comment": ""})
    page_a.refresh_from_db()
    assert "三十一年" in page_a.biography
    client.logout()
    assert "三十一年" in client.get(page_a.url).content.decode()
    assert page_a.owner == artisan_a


def test_artisan_can_save_a_draft_without_changing_the_live_page(client, artisan_a, page_a):
    client.force_login(artisan_a)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page_a.pk]),
                           edit_data(page_a, "<p>草稿：新的介绍</p>", "action-save"))
    assert response.status_code == 302
    page_a.refresh_from_db()
    assert page_a.has_unpublished_changes
    assert "新的介绍" not in client.get(page_a.url).content.decode()


def test_artisan_posting_publish_only_saves_a_draft(client, artisan_a, page_a):
    client.force_login(artisan_a)
    client.post(reverse("wagtailadmin_pages:edit", args=[page_a.pk]),
                edit_data(page_a, "<p>直接发布？</p>", "action-publish"))
    assert "直接发布" not in client.get(page_a.url).content.decode()


def test_artisan_cannot_start_a_page_without_the_committee(client, artisan_a, directory):
    client.force_login(artisan_a)
    url = reverse("wagtailadmin_pages:add", args=["artisans", "artisanpage", directory.pk])
    data = nested_form_data({
        "title": "新手艺人", "slug": "xin", "biography": rich_text("<p>你好</p>"),
        "years_weaving": 1, "awards": "", "portfolio": streamfield([]),
        "comments": inline_formset([]), "action-submit": "action-submit",
    })
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Only the committee can start a new artisan page" in response.content.decode() or \
        "只有村委会" in response.content.decode()
    assert not directory.get_children().filter(title="新手艺人").exists()


def test_committee_is_told_when_an_artisan_submits(client, artisan_a, committee_user, page_a):
    mail.outbox.clear()
    client.force_login(artisan_a)
    client.post(reverse("wagtailadmin_pages:edit", args=[page_a.pk]),
                edit_data(page_a, "<p>请审核</p>", "action-submit"))
    assert any(committee_user.email in message.to for message in mail.outbox)


def test_pictures_without_alt_text_do_not_block_a_submission(client, artisan_a, page_a):
    """An imported picture with no alt text, which the artisan never touched: submitting
    an edit of another field goes through, and the picture is described by its title."""
    from tests.artisans.conftest import own_image

    picture = own_image(artisan_a, "草编小狗")
    page_a.portfolio = [{"type": "image", "value": {
        "image": {"image": picture.pk, "alt_text": "", "decorative": False}, "caption": ""}}]
    page_a.save_revision(user=artisan_a).publish()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    client.force_login(artisan_a)
    form_html = client.get(edit_url).content.decode()
    # The alt text field offers the title (the block's state is JSON, \u-escaped).
    assert json.dumps({"alt_text": "草编小狗"})[1:-1] in form_html.replace('&quot;', '"')
    data = edit_data(page_a, "<p>新的介绍</p>", "action-submit")
    data.update(nested_form_data({"portfolio": streamfield([
        ("image", {"image": {"image": picture.pk, "alt_text": "", "decorative": "false"},
                   "caption": ""}),
    ])}))
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert current_task_state(page_a).task.name == "委员会审核 / Committee review"


def test_committee_reviews_against_the_live_version_with_the_artisans_note(
    client, artisan_a, committee_user, page_a
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    client.force_login(artisan_a)
    client.post(edit_url, edit_data(page_a, "<p>自动保存的一版</p>", "action-save"))
    data = edit_data(page_a, "<p>我编了三十年草编。</p>", "action-submit")
    data["submission_note"] = "改了介绍，加上了年数"
    assert client.post(edit_url, data).status_code == 302

    client.force_login(committee_user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    page_a.refresh_from_db()
    latest = page_a.get_latest_revision()
    compare_live = reverse("wagtailadmin_pages:revisions_compare",
                           args=[page_a.pk, "live", latest.pk])
    assert "改了介绍，加上了年数" in dashboard
    assert compare_live in dashboard
    previous = latest.get_previous()
    assert reverse("wagtailadmin_pages:revisions_compare",
                   args=[page_a.pk, previous.pk, latest.pk]) not in dashboard
    edit_html = client.get(edit_url).content.decode()
    assert "改了介绍，加上了年数" in edit_html and compare_live in edit_html
    compare = client.get(compare_live).content.decode()
    assert "三十年" in compare


def test_the_note_field_starts_empty_and_is_not_page_content(client, artisan_a, page_a):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    client.force_login(artisan_a)
    data = edit_data(page_a, "<p>新介绍</p>", "action-submit")
    data["submission_note"] = "第一次的说明"
    client.post(edit_url, data)
    html = client.get(edit_url).content.decode()
    assert 'name="submission_note"' in html
    assert "第一次的说明</textarea>" not in html


def test_autosave_is_on_while_drafting_and_off_during_a_review(client, artisan_a,
                                                               committee_user, page_a):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    client.force_login(artisan_a)
    assert "w-autosave" in client.get(edit_url).content.decode()
    client.post(edit_url, edit_data(page_a, "<p>送审</p>", "action-submit"))
    for user in (artisan_a, committee_user):
        client.force_login(user)
        html = client.get(edit_url).content.decode()
        assert 'data-controller="w-init w-unsaved w-autosave"' not in html
        assert "data-w-autosave-interval-value" not in html
    client.force_login(artisan_a)
    late_autosave = client.post(edit_url, edit_data(page_a, "<p>迟到的自动保存</p>",
                                                    "action-save"),
                                headers={"Accept": "application/json"})
    assert late_autosave.status_code == 400
    assert "审核" in late_autosave.json()["error_message"]
    page_a.refresh_from_db()
    assert "迟到" not in page_a.get_latest_revision_as_object().biography
