"""A small village for the artisans' tests: the directory (a section with the committee's
workflow), two artisans who each own their page and portrait, and a household register."""

import pytest
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from artisans import services
from core.translation import sync_aliases
from tests.artisans.factories import (
    ArtisanIndexPageFactory,
    ArtisanPageFactory,
    HouseholdFactory,
    SpecialtyFactory,
    TechniqueFactory,
)
from tests.conftest import user_in_group


@pytest.fixture
def directory(home):
    index = ArtisanIndexPageFactory(parent=home)
    sync_aliases(index)
    services.grant_section_permissions(index)
    return index


@pytest.fixture
def artisan_a(db):
    return user_in_group("Artisans", username="artisan_a")


@pytest.fixture
def artisan_b(db):
    return user_in_group("Artisans", username="artisan_b")


def own_image(user, title):
    from wagtail.images import get_image_model

    return get_image_model().objects.create(
        title=title, file=get_test_image_file(), uploaded_by_user=user
    )


@pytest.fixture
def page_a(directory, artisan_a):
    page = ArtisanPageFactory(
        parent=directory, title="王秀兰", code="A0001", slug="a0001", owner=artisan_a,
        household=HouseholdFactory(code="TX-01-001", head_name="王建国"),
        portrait=own_image(artisan_a, "王秀兰 肖像"),
    )
    page.save_revision(user=artisan_a).publish()
    sync_aliases(page)
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def page_b(directory, artisan_b):
    page = ArtisanPageFactory(
        parent=directory, title="李桂芳", code="A0002", slug="a0002", owner=artisan_b,
        household=HouseholdFactory(code="TX-02-001", head_name="李德明"),
        portrait=own_image(artisan_b, "李桂芳 肖像"),
    )
    page.save_revision(user=artisan_b).publish()
    sync_aliases(page)
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def techniques(db):
    return {
        "straw": TechniqueFactory(name="草编", name_en="Straw weaving", slug="straw-weaving"),
        "bamboo": TechniqueFactory(name="竹编", name_en="Bamboo weaving", slug="bamboo-weaving"),
        "green": TechniqueFactory(name="活体绿雕", name_en="Living green sculpture",
                                  slug="living-green-sculpture"),
    }


@pytest.fixture
def specialties(db):
    return {
        "animals": SpecialtyFactory(name="动物造型", name_en="Animal figures",
                                    slug="animal-figures"),
        "arches": SpecialtyFactory(name="园林拱门", name_en="Garden arches", slug="garden-arches"),
    }
