"""The admin speaks Chinese to artisans and the committee: the strings that came out in
English or half-English (Wagtail 8's own, missing from its zh_Hans catalogue) are translated
by the project (locale_wagtail/)."""

import json
import re

import pytest
from django.urls import reverse

from tests.artisans.factories import HouseholdFactory
from tests.artisans.test_workflow import edit_data

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Search all pages", "Pages <span", " Page <span", "Autosave is paused",
    "is currently awaiting moderation", "Only reviewers for this task",
    "Your pages and snippets in a workflow", "Privacy and access", "Saving will overwrite",
    "Changes requested", "with comment:", "Not started",
]


def test_artisan_and_committee_pages_have_no_english_left(client, artisan_a, committee_user,
                                                          page_a):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    client.force_login(artisan_a)
    client.post(edit_url, edit_data(page_a, "<p>新介绍</p>", "action-submit"))
    seen = {}
    for user in (artisan_a, committee_user):
        client.force_login(user)
        for url in (reverse("wagtailadmin_home"), edit_url,
                    reverse("wagtailadmin_explore", args=[page_a.get_parent().pk]),
                    reverse("wagtailimages:add")):
            html = client.get(url).content.decode()
            seen[(user.username, url)] = html
            assert not [text for text in ENGLISH if text in html], (user.username, url)
    artisan_edit = seen[("artisan_a", edit_url)]
    assert "此页面正在等待审核。" in artisan_edit  # the moderation banner, whole
    assert "搜索所有页面" in seen[("committee", reverse("wagtailadmin_home"))]
    # The picture chooser inside an image block is labelled in Chinese, not "Image*".
    assert json.dumps({"label": "Image"})[1:-1] not in artisan_edit.replace("&quot;", '"')


def test_the_register_says_yes_no_and_dash_not_true_false_none(client, accountant_user):
    """Wagtail shows a yes/no field as True/False and an empty one as None, in any language."""
    member = HouseholdFactory(head_name="户主甲", is_member=True)
    HouseholdFactory(head_name="户主乙", is_member=False)
    client.force_login(accountant_user)
    listing = client.get(reverse("wagtailsnippets_artisans_household:list")).content.decode()
    rows = {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
            for row in re.findall(r"<tr>.*?</tr>", listing, re.S)
            for name in ("户主甲", "户主乙") if name in row}
    assert " 是 " in rows["户主甲"] and " 否 " in rows["户主乙"], rows
    inspect = client.get(reverse("wagtailsnippets_artisans_household:inspect",
                                 args=[member.pk])).content.decode()
    fields = dict(re.findall(r"<dt>\s*(.*?)\s*</dt>\s*<dd>\s*(.*?)\s*</dd>", inspect, re.S))
    assert fields["合作社成员"] == "是" and fields["退社日期"] == "—", fields
    for page in (listing, inspect):
        assert not re.search(r">\s*(True|False|None)\s*<", page)
