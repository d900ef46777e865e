"""The shop's listing filters (django-filter). Every value comes from the query string, so bad
input is expected: an invalid filter is reported and left out, never turned into an error page."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from catalogue.models import ProductKind, ProductMaker, ProductPage, StockRecord
from core.widgets import HiddenInput, NumberInput, Select

SEARCH_QUERY_MAX_LENGTH = 100
VOCABULARY_FILTERS = ("category", "technique", "material")
PRICE_LIMIT = Decimal("9999999999.99")


class Availability:
    IN_STOCK = "in_stock"
    MADE_TO_ORDER = "made_to_order"
    choices = [(IN_STOCK, _("In stock")), (MADE_TO_ORDER, _("Made to order"))]


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    PRICE_ASC = "price"
    PRICE_DESC = "-price"
    POPULAR = "popular"
    choices = [
        (NEWEST, _("Newest first")),
        (PRICE_ASC, _("Price: low to high")),
        (PRICE_DESC, _("Price: high to low")),
        (POPULAR, _("Most popular (pieces sold)")),
        (RELEVANCE, _("Best match for the search")),
    ]


class VocabularyChoiceField(forms.ChoiceField):
    """A select of a vocabulary's slugs. ProductFilter is given the choices (read from the
    cache), so neither showing nor checking them costs a query."""

    widget = Select


class VocabularyFilter(django_filters.CharFilter):
    field_class = VocabularyChoiceField


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query_was_shortened = False

    def clean_q(self):
        query = self.cleaned_data["q"]
        if len(query) > SEARCH_QUERY_MAX_LENGTH:
            self.query_was_shortened = True
            query = query[:SEARCH_QUERY_MAX_LENGTH]
        return query

    def clean(self):
        cleaned_data = super().clean()
        low, high = cleaned_data.get("price_min"), cleaned_data.get("price_max")
        if low is not None and high is not None and low > high:
            message = _("The lowest price is above the highest price, so the price range was "
                        "left out.")
            self.add_error("price_min", message)
            self.add_error("price_max", message)
        return cleaned_data


class ProductFilter(django_filters.FilterSet):
    category = VocabularyFilter(label=_("Category"), field_name="category__slug")
    technique = VocabularyFilter(label=_("Technique"), method="filter_technique")
    material = VocabularyFilter(label=_("Material"), method="filter_material")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProductKind.choices,
                                       empty_label=_("All"), widget=Select)
    price_min = django_filters.NumberFilter(
        label=_("Lowest price (¥)"), field_name="price", lookup_expr="gte",
        min_value=Decimal("0"), max_value=PRICE_LIMIT, decimal_places=2, widget=NumberInput,
    )
    price_max = django_filters.NumberFilter(
        label=_("Highest price (¥)"), field_name="price", lookup_expr="lte",
        min_value=Decimal("0"), max_value=PRICE_LIMIT, decimal_places=2, widget=NumberInput,
    )
    availability = django_filters.ChoiceFilter(
        label=_("Availability"), choices=Availability.choices, empty_label=_("All"),
        method="filter_availability", widget=Select,
    )
    maker = django_filters.NumberFilter(label=_("Maker"), method="filter_maker",
                                        widget=HiddenInput, min_value=1)

    class Meta:
        model = ProductPage
        fields: list[str] = []
        form = ProductFilterForm

    def __init__(self, *args, vocabularies: dict[str, list[tuple[str, str]]], **kwargs):
        """`vocabularies`: {"category"|"technique"|"material": [(slug, name)]}, the choices
        the selects offer (catalogue.selectors.vocabulary_choices)."""
        super().__init__(*args, **kwargs)
        for name in VOCABULARY_FILTERS:
            self.filters[name].extra["choices"] = [("", _("All")), *vocabularies[name]]

    def filter_queryset(self, queryset):
        # The form also carries the search text and the sort, which the listing applies.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # Relations are filtered with `pk IN (subquery)`: no duplicate rows, no DISTINCT, and the
    # search backend (which only accepts indexed filter fields) lets primary-key filters pass.
    def filter_technique(self, queryset, name, value):
        through = ProductPage.techniques.through.objects.filter(technique__slug=value)
        return queryset.filter(pk__in=through.values("productpage_id"))

    def filter_material(self, queryset, name, value):
        through = ProductPage.materials.through.objects.filter(material__slug=value)
        return queryset.filter(pk__in=through.values("productpage_id"))

    def filter_availability(self, queryset, name, value):
        if value == Availability.MADE_TO_ORDER:
            return queryset.filter(made_to_order=True)
        in_stock = StockRecord.objects.filter(quantity__gt=0).values("product__translation_key")
        return queryset.filter(made_to_order=False, translation_key__in=in_stock)

    def filter_maker(self, queryset, name, value):
        artisan = Page.objects.filter(pk=value).values("translation_key")
        makers = ProductMaker.objects.filter(artisan__translation_key__in=artisan)
        return queryset.filter(pk__in=makers.values("product_id"))
