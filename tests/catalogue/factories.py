from decimal import Decimal

import factory
import wagtail_factories

from catalogue.models import (
    CatalogueIndexPage,
    Category,
    Material,
    ProductKind,
    ProductMaker,
    ProductPage,
    StockRecord,
)
from catalogue.services import product_reindex


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"类别{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"材料{n}")
    name_en = factory.Sequence(lambda n: f"Material {n}")
    slug = factory.Sequence(lambda n: f"material-{n}")


class CatalogueIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CatalogueIndexPage

    title = "作品"
    slug = "shop"
    show_in_menus = True


class ProductPageFactory(wagtail_factories.PageFactory):
    """A live work with one maker (or `makers=[(artisan, share), ...]`), a stock record and
    an up-to-date search index entry."""

    class Meta:
        model = ProductPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"竹编篮子{n}")
    kind = ProductKind.CRAFTED
    category = factory.SubFactory(CategoryFactory)
    price = Decimal("280.00")
    material_cost = Decimal("91.37")
    summary = "手工编织的篮子"

    @factory.post_generation
    def finish(page, create, extracted, **kwargs):
        if not create:
            return
        quantity = kwargs.get("quantity", 0 if page.made_to_order else 3)
        StockRecord.objects.get_or_create(product=page, defaults={
            "quantity": quantity, "units_sold": kwargs.get("units_sold", 0)})
        for artisan, share in kwargs.get("makers", []):
            ProductMaker.objects.create(product=page, artisan=artisan, share=share)
        for technique in kwargs.get("techniques", []):
            page.techniques.add(technique)
        for material in kwargs.get("materials", []):
            page.materials.add(material)
        page.save()
        product_reindex(instance=ProductPage.objects.get(pk=page.pk))
