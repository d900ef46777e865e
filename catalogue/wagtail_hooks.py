"""The shop in the Wagtail admin: categories, materials and stock under one "Shop" menu, and
the shop section's permissions set up when its index page is created."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from artisans.dashboard import page_state
from catalogue import selectors
from catalogue.models import CatalogueIndexPage, Category, Material, ProductPage, StockRecord
from catalogue.services import product_ensure_stock_record, shop_grant_artisan_access
from core.viewsets import BilingualNameViewSet, ReviewAwarePageViewSet, SnippetViewSet


class CategoryViewSet(BilingualNameViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")


class MaterialViewSet(BilingualNameViewSet):
    model = Material
    icon = "pick"
    menu_label = _("Materials")


class StockRecordFilterSet(WagtailFilterSet):
    class Meta:
        model = StockRecord
        fields = {"quantity": ["exact", "lte"]}


class StockRecordViewSet(SnippetViewSet):
    model = StockRecord
    icon = "list-ul"
    menu_label = _("Stock")
    list_display = ["product", "quantity", "units_sold"]
    list_export = ["product", "quantity", "units_sold"]
    filterset_class = StockRecordFilterSet
    ordering = ["quantity"]
    # Orders change the quantity with conditional updates; staff correct it after a count.
    panels = [FieldPanel("quantity")]


class ShopViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, MaterialViewSet, StockRecordViewSet)
    menu_icon = "tag"
    menu_label = _("Shop")
    menu_name = "shop"


register_snippet(ShopViewSetGroup)


@hooks.register("after_create_page")
def set_up_new_shop_page(request, page):
    specific = page.specific
    if isinstance(specific, CatalogueIndexPage):
        shop_grant_artisan_access(index_page=specific)
    elif isinstance(specific, ProductPage):
        product_ensure_stock_record(product=specific)


@hooks.register("artisan_dashboard_works")
def works_for_artisan_dashboard(request, artisan_pages):
    """The works the artisan makes, with their stock, for their dashboard panel."""
    return [
        {"title": work.title, "edit_url": reverse("wagtailadmin_pages:edit", args=[work.pk]),
         "live_url": work.url if work.live else "",
         "quantity": work.dashboard_quantity or 0, "units_sold": work.dashboard_units_sold or 0,
         "state": page_state(work)}
        for work in selectors.artisan_dashboard_works(artisans=artisan_pages)
    ]


@hooks.register("register_admin_viewset")
def register_product_page_viewset():
    # Artisans edit their works through the committee's review too: no autosave during it.
    return ReviewAwarePageViewSet("product_pages", model=ProductPage)
