"""The artisan's dashboard panel: their own page (not others'), the state of their pending
changes, the committee's last comment, and their works with stock and pieces sold."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.artisans.test_workflow import edit_data
from tests.catalogue.factories import CatalogueIndexPageFactory, ProductPageFactory

pytestmark = pytest.mark.django_db


def dashboard(client):
    return client.get(reverse("wagtailadmin_home")).content.decode()


def test_artisan_panel_shows_own_page_state_comment_and_works(
    client, artisan_a, committee_user, page_a, page_b, home
):
    shop = CatalogueIndexPageFactory(parent=home)
    ProductPageFactory(parent=shop, title="草编提篮", slug="basket", price=Decimal("90.00"),
                       finish__quantity=4, finish__units_sold=7,
                       finish__makers=[(page_a, Decimal("100"))])
    ProductPageFactory(parent=shop, title="别人的作品", slug="other", price=Decimal("90.00"),
                       finish__makers=[(page_b, Decimal("100"))])
    own_edit = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    client.force_login(artisan_a)
    html = dashboard(client)
    assert "data-artisan-pages" in html and own_edit in html
    assert reverse("wagtailadmin_pages:edit", args=[page_b.pk]) not in html
    assert 'data-page-state="live"' in html
    assert "草编提篮" in html and "库存：4" in html and "已售：7" in html
    assert "别人的作品" not in html

    client.post(own_edit, edit_data(page_a, "<p>新介绍</p>", "action-submit"))
    assert 'data-page-state="in_review"' in dashboard(client)

    state = WorkflowState.objects.get(object_id=str(page_a.pk), status="in_progress")
    client.force_login(committee_user)
    assert "data-artisan-pages" not in dashboard(client)
    client.post(reverse("wagtailadmin_pages:workflow_action",
                        args=[page_a.pk, "reject", state.current_task_state.pk]),
                {"comment": "请加一张作品照片"})
    client.force_login(artisan_a)
    html = dashboard(client)
    assert 'data-page-state="needs_changes"' in html
    assert "data-committee-comment" in html and "请加一张作品照片" in html
