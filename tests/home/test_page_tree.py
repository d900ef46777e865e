"""The page tree cannot be built wrong: each page type goes only where it belongs (Wagtail's
own test helpers), and each section exists once per language."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from artisans.models import ArtisanIndexPage, ArtisanPage
from catalogue.models import CatalogueIndexPage, ProductPage
from commissions.models import CommissionCaseIndexPage, CommissionCasePage
from core.pages import SectionIndexPage
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage

SECTIONS = (ArtisanIndexPage, CatalogueIndexPage, CommissionCaseIndexPage, ExhibitionIndexPage,
            NewsIndexPage)


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_holds_the_sections_and_nothing_else(self):
        self.assertAllowedSubpageTypes(HomePage, set(SECTIONS))
        self.assertAllowedParentPageTypes(HomePage, {Page})
        for page_type in (ArtisanPage, ProductPage, CommissionCasePage, ExhibitionPage, NewsPage,
                          HomePage):
            self.assertCanNotCreateAt(HomePage, page_type)

    def test_sections_sit_under_the_home_page(self):
        for section in SECTIONS:
            self.assertCanCreateAt(HomePage, section)
            self.assertAllowedParentPageTypes(section, {HomePage})
            self.assertCanNotCreateAt(Page, section)

    def test_artisans_and_works_sit_in_their_own_section_only(self):
        self.assertAllowedSubpageTypes(ArtisanIndexPage, {ArtisanPage})
        self.assertAllowedSubpageTypes(CatalogueIndexPage, {ProductPage})
        self.assertCanCreateAt(ArtisanIndexPage, ArtisanPage)
        self.assertCanCreateAt(CatalogueIndexPage, ProductPage)
        self.assertCanNotCreateAt(CatalogueIndexPage, ArtisanPage)
        self.assertCanNotCreateAt(ArtisanIndexPage, ProductPage)
        self.assertAllowedSubpageTypes(ArtisanPage, set())
        self.assertAllowedSubpageTypes(ProductPage, set())


def test_both_sections_share_the_one_section_index_base():
    assert issubclass(ArtisanIndexPage, SectionIndexPage)
    assert issubclass(CatalogueIndexPage, SectionIndexPage)
    assert ArtisanIndexPage.max_count_per_parent == CatalogueIndexPage.max_count_per_parent == 1


@pytest.mark.django_db
def test_a_section_without_a_listing_says_how_to_register_one(rf, home):
    from django.core.exceptions import ImproperlyConfigured

    from tests.artisans.factories import ArtisanIndexPageFactory

    directory = ArtisanIndexPageFactory(parent=home)
    listing = ArtisanIndexPage.__dict__["listing_function"]
    try:
        del ArtisanIndexPage.listing_function
        with pytest.raises(ImproperlyConfigured, match="listed_by"):
            directory.get_listing(rf.get("/artisans/"))
    finally:
        ArtisanIndexPage.listing_function = listing
