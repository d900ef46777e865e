"""The public exhibitions index's filters: year and kind, plain GET parameters (no
JavaScript needed; they survive pagination through `{% querystring %}`)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.widgets import Select
from exhibitions.models import ExhibitionKind, ExhibitionPage


class ExhibitionFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", empty_label=_("All years"), widget=Select,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ExhibitionKind.choices, empty_label=_("All kinds"),
        widget=Select,
    )

    class Meta:
        model = ExhibitionPage
        fields: list[str] = []

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_year(self, queryset, name, value):
        # An exhibition belongs to every year it runs in (a fair over New Year's Eve: both).
        year = int(value)
        return queryset.filter(starts_on__year__lte=year, ends_on__year__gte=year)
