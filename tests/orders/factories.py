"""Works for sale, built on the catalogue's models (the catalogue's own factories may differ;
these make exactly what order tests need: a price, makers with shares, and stock)."""

from decimal import Decimal

from catalogue.models import CatalogueIndexPage, Category, ProductMaker, ProductPage, StockRecord
from tests.artisans.factories import ArtisanIndexPageFactory, ArtisanPageFactory, HouseholdFactory


def shop_for(home) -> CatalogueIndexPage:
    shop = CatalogueIndexPage.objects.child_of(home).first()
    if shop is None:
        shop = CatalogueIndexPage(title="作品", slug="shop")
        home.add_child(instance=shop)
        shop.save_revision().publish()
    return shop


def artisan_for(home, code="TX-03-017", name="王秀英"):
    index = ArtisanIndexPageFactory(parent=home) if not home.get_children().filter(
        slug="artisans").exists() else home.get_children().get(slug="artisans").specific
    return ArtisanPageFactory(parent=index, title=name,
                              household=HouseholdFactory(code=code, head_name=name))


def make_product(home, *, title="竹编果篮", price="128.00", stock=5, kind="crafted",
                 made_to_order=False, lead_time_days=None, makers=None) -> ProductPage:
    shop = shop_for(home)
    category, _ = Category.objects.get_or_create(slug="baskets",
                                                 defaults={"name": "篮子", "name_en": "Baskets"})
    product = ProductPage(
        title=title, slug=f"work-{ProductPage.objects.count() + 1}", price=Decimal(price),
        material_cost=Decimal("20.00"), kind=kind, category=category,
        made_to_order=made_to_order, lead_time_days=lead_time_days,
    )
    if makers is None:
        makers = [(artisan_for(home), Decimal("100"))]
    for artisan, share in makers:
        product.makers.add(ProductMaker(artisan=artisan, share=Decimal(share)))
    shop.add_child(instance=product)
    product.save_revision().publish()
    StockRecord.objects.update_or_create(product=product, defaults={"quantity": stock})
    return ProductPage.objects.get(pk=product.pk)
