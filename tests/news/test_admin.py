"""Who may write the news: the committee adds, edits and publishes articles in the admin;
an artisan can neither add nor edit one. New articles go through the committee's workflow."""

import pytest
from wagtail.models import WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.roles import COMMITTEE_WORKFLOW_NAME, grant_site_permissions
from news import services
from news.models import NewsIndexPage, NewsPage
from tests.conftest import user_in_group
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(index):
    grant_site_permissions(index.get_parent())
    services.news_section_setup(index_page=index)
    return index


def article_form(**fields):
    data = {"title": "冬季培训班开课", "slug": "winter-class", "date": "2026-11-20",
            "kind": "notice", "summary": "竹编、藤编、绿雕三个班。", "cover_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>本村农户免费参加。</p>"))])}
    data.update(fields)
    return nested_form_data(data)


def test_committee_adds_and_publishes_an_article(client, section):
    committee = user_in_group("Committee", username="committee")
    client.force_login(committee)
    add_url = f"/admin/pages/add/news/newspage/{section.pk}/"
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, {**article_form(), "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    article = NewsPage.objects.get(slug="winter-class")
    assert article.live and article.kind == "notice" and str(article.date) == "2026-11-20"
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert client.get("/news/").content.decode().count("冬季培训班开课") == 1


def test_an_artisan_can_neither_add_nor_edit_news(client, section):
    article = make_article(section.get_parent(), title="村里新鲜事")
    artisan = user_in_group("Artisans", username="artisan")
    assert not section.permissions_for_user(artisan).can_add_subpage()
    assert not article.permissions_for_user(artisan).can_edit()
    client.force_login(artisan)
    add_url = f"/admin/pages/add/news/newspage/{section.pk}/"
    assert client.get(add_url).status_code in (302, 403)
    client.post(add_url, {**article_form(slug="by-artisan"), "action-publish": "action-publish"})
    assert not NewsPage.objects.filter(slug="by-artisan").exists()
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code in (302, 403)
    client.post(f"/admin/pages/{article.pk}/edit/",
                {**article_form(title="改过的", slug=article.slug), "action-publish": "1"})
    assert NewsPage.objects.get(pk=article.pk).title == "村里新鲜事"


def test_news_goes_through_the_committees_workflow(section):
    article = make_article(section.get_parent())
    workflow = article.get_workflow()
    assert workflow is not None and workflow.name == COMMITTEE_WORKFLOW_NAME
    assert workflow.tasks.first().specific.groups.filter(name="Committee").exists()
    assert WorkflowPage.objects.filter(page=section).exists()
    services.news_section_setup(index_page=section)  # idempotent
    assert WorkflowPage.objects.filter(page__in=[section, *section.get_translations()]).count() \
        == 2


def test_a_news_index_made_in_the_admin_is_set_up(client, home):
    grant_site_permissions(home)
    admin = user_in_group("Administrators", username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(f"/admin/pages/add/news/newsindexpage/{home.pk}/", nested_form_data(
        {"title": "新闻动态", "slug": "news", "intro": rich_text("")}))
    assert response.status_code == 302, response.content.decode()[:3000]
    index = NewsIndexPage.objects.get(slug="news")
    assert index.get_parent().pk == home.pk
    assert index.get_workflow().name == COMMITTEE_WORKFLOW_NAME
