"""The public news index's filters: year and kind, plain GET parameters (no JavaScript;
they survive pagination through `{% querystring %}`)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.widgets import Select
from news.models import NewsKind, NewsPage


class NewsFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", empty_label=_("All years"), widget=Select,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=NewsKind.choices, empty_label=_("All kinds"), widget=Select,
    )

    class Meta:
        model = NewsPage
        fields: list[str] = []

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_year(self, queryset, name, value):
        return queryset.filter(date__year=int(value))
