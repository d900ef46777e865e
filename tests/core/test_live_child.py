"""core.pages.live_child_id: the first live child of a page type, found by id."""

import pytest

from catalogue.models import CatalogueIndexPage
from core.pages import live_child_id
from tests.catalogue.factories import CatalogueIndexPageFactory

pytestmark = pytest.mark.django_db


def test_only_a_live_child_of_that_type_under_that_parent(home, locales):
    assert live_child_id(home, CatalogueIndexPage) is None
    shop = CatalogueIndexPageFactory(parent=home)
    shop.unpublish()
    assert live_child_id(home, CatalogueIndexPage) is None
    shop.save_revision().publish()
    assert live_child_id(home, CatalogueIndexPage) == shop.pk
    # Not a page of that type deeper down, nor under another home page.
    english_home = home.get_translation(locales["en"])
    assert live_child_id(english_home, CatalogueIndexPage) is None
