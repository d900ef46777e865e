"""The read-only public JSON API for partners (e.g. the district tourism platform): works and
artisans, through Wagtail's API v2. Only fields listed here or in a model's `api_fields` are
served; material costs, makers' shares and household records never are."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from artisans.models import ArtisanPage
from catalogue.models import ProductPage


class WorksAPIViewSet(PagesAPIViewSet):
    name = "works"
    model = ProductPage

    def get_queryset(self):
        # Always works, whatever `type` asks for: this endpoint never lists other pages.
        return ProductPage.objects.filter(pk__in=self.get_base_queryset().values("pk")).order_by(
            "id"
        )


class ArtisansAPIViewSet(PagesAPIViewSet):
    name = "artisans"
    model = ArtisanPage
    body_fields = PagesAPIViewSet.body_fields + ["years_weaving"]

    def get_queryset(self):
        return ArtisanPage.objects.filter(pk__in=self.get_base_queryset().values("pk")).order_by(
            "id"
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("works", WorksAPIViewSet)
api_router.register_endpoint("artisans", ArtisansAPIViewSet)
