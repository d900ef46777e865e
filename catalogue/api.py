"""The read-only public JSON API for partners (e.g. the district tourism platform): works and
artisans, through Wagtail's API v2. Only fields listed here or in a model's `api_fields` are
served; material costs, makers' shares and household records never are."""

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from artisans.models import ArtisanPage
from catalogue.models import ProductPage

OFFSET_LIMIT = 10**9


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit paging, refusing an offset no database integer can hold (a
    20-digit offset would otherwise overflow in the query and answer 500)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0").strip()
        if offset.isdigit() and int(offset) > OFFSET_LIMIT:
            raise BadRequestError(f"offset cannot be higher than {OFFSET_LIMIT}")
        return super().paginate_queryset(queryset, request, view)


class WorksAPIViewSet(PagesAPIViewSet):
    name = "works"
    model = ProductPage
    pagination_class = BoundedPagination

    def get_queryset(self):
        # Always works, whatever `type` asks for: this endpoint never lists other pages.
        return ProductPage.objects.filter(pk__in=self.get_base_queryset().values("pk")).order_by(
            "id"
        )


class ArtisansAPIViewSet(PagesAPIViewSet):
    name = "artisans"
    model = ArtisanPage
    pagination_class = BoundedPagination
    body_fields = PagesAPIViewSet.body_fields + ["years_weaving"]

    def get_queryset(self):
        return ArtisanPage.objects.filter(pk__in=self.get_base_queryset().values("pk")).order_by(
            "id"
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("works", WorksAPIViewSet)
api_router.register_endpoint("artisans", ArtisansAPIViewSet)
