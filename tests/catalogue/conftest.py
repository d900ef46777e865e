from decimal import Decimal

import pytest
from django.core.cache import cache

from catalogue.models import ProductKind
from tests.artisans.factories import ArtisanIndexPageFactory, ArtisanPageFactory, TechniqueFactory
from tests.catalogue.factories import (
    CatalogueIndexPageFactory,
    CategoryFactory,
    MaterialFactory,
    ProductPageFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shop(home):
    return CatalogueIndexPageFactory(parent=home)


@pytest.fixture
def vocab(db):
    return {
        "baskets": CategoryFactory(slug="baskets", name="篮筐", name_en="Baskets"),
        "sculptures": CategoryFactory(slug="living-sculptures", name="活体绿雕",
                                      name_en="Living sculptures"),
        "bamboo": MaterialFactory(slug="bamboo", name="竹", name_en="Bamboo"),
        "crape": MaterialFactory(slug="crape-myrtle", name="紫薇", name_en="Crape myrtle"),
        "weaving": TechniqueFactory(slug="bamboo-weaving", name="竹编", name_en="Bamboo weaving"),
        "living": TechniqueFactory(slug="living-green-sculpture", name="活体绿雕",
                                   name_en="Living green sculpture"),
    }


@pytest.fixture
def artisans(home):
    index = ArtisanIndexPageFactory(parent=home)
    return {
        "wang": ArtisanPageFactory(parent=index, title="王秀兰"),
        "li": ArtisanPageFactory(parent=index, title="李德明"),
    }


@pytest.fixture
def works(shop, vocab, artisans):
    """Four works that differ in every filterable way."""
    basket = ProductPageFactory(
        parent=shop, title="竹编菜篮", slug="basket", price=Decimal("120.00"),
        category=vocab["baskets"],
        finish__makers=[(artisans["wang"], Decimal("100"))], finish__quantity=5,
        finish__techniques=[vocab["weaving"]], finish__materials=[vocab["bamboo"]],
        finish__units_sold=2,
    )
    lamp = ProductPageFactory(
        parent=shop, title="Bamboo pendant lamp", slug="lamp", price=Decimal("880.00"),
        category=vocab["baskets"], made_to_order=True, lead_time_days=20,
        summary="A woven lamp shade", finish__units_sold=30,
        finish__makers=[(artisans["li"], Decimal("60")), (artisans["wang"], Decimal("40"))],
        finish__techniques=[vocab["weaving"]], finish__materials=[vocab["bamboo"]],
    )
    peacock = ProductPageFactory(
        parent=shop, title="紫薇活体编织·孔雀", slug="peacock", price=Decimal("26800.00"),
        kind=ProductKind.LIVING, category=vocab["sculptures"], summary="用活的紫薇枝条编织",
        care_instructions="每天浇水一次。", finish__quantity=1, finish__units_sold=7,
        finish__makers=[(artisans["li"], Decimal("100"))],
        finish__techniques=[vocab["living"]], finish__materials=[vocab["crape"]],
    )
    sold_out = ProductPageFactory(
        parent=shop, title="草编斗笠", slug="hat", price=Decimal("80.00"),
        category=vocab["baskets"], finish__quantity=0,
        finish__makers=[(artisans["wang"], Decimal("100"))],
    )
    return {"basket": basket, "lamp": lamp, "peacock": peacock, "hat": sold_out}
