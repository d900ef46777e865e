from decimal import Decimal

import factory
import wagtail_factories

from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TX-{n % 12 + 1:02d}-{n + 1:03d}")
    head_name = factory.Sequence(lambda n: f"户主{n}")
    village_group = factory.LazyAttribute(lambda household: int(household.code[3:5]))
    members = 4
    is_member = True
    capital_contribution = Decimal("1000.00")
    reserve_share = Decimal("0.00")


class TechniqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technique
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"技法{n}")
    name_en = factory.Sequence(lambda n: f"Technique {n}")
    slug = factory.Sequence(lambda n: f"technique-{n}")


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"专长{n}")
    name_en = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.Sequence(lambda n: f"specialty-{n}")


class ArtisanIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArtisanIndexPage

    title = "手艺人"
    slug = "artisans"
    show_in_menus = True


class ArtisanPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArtisanPage

    title = factory.Sequence(lambda n: f"手艺人{n}")
    code = factory.Sequence(lambda n: f"A{n + 1:04d}")
    household = factory.SubFactory(HouseholdFactory)
    years_weaving = 10
    biography = "<p>从小跟着父亲编竹篮。</p>"
