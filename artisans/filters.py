"""The public artisan directory's filters: plain GET parameters, so they work without
JavaScript and survive pagination (`{% querystring %}`)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import Select, TextInput

EXPERIENCE_RANGES = {
    "under-10": (0, 9),
    "10-19": (10, 19),
    "20-29": (20, 29),
    "30-plus": (30, None),
}
EXPERIENCE_CHOICES = [
    ("under-10", _("Under 10 years")),
    ("10-19", _("10–19 years")),
    ("20-29", _("20–29 years")),
    ("30-plus", _("30 years or more")),
]
SORT_ORDERS = {
    "name": ("title", "code"),
    "most-experienced": ("-years_weaving", "code"),
    "least-experienced": ("years_weaving", "code"),
}
SORT_CHOICES = [
    ("name", _("Name")),
    ("most-experienced", _("Most experienced first")),
    ("least-experienced", _("Least experienced first")),
]


class ArtisanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        widget=TextInput(attrs={"type": "search", "placeholder": _("e.g. 王秀兰")}),
        max_length=50,
    )
    technique = django_filters.ChoiceFilter(
        label=_("Technique"), field_name="techniques__slug", empty_label=_("All techniques"),
        widget=Select,
    )
    specialty = django_filters.ChoiceFilter(
        label=_("Specialty"), field_name="specialties__slug", empty_label=_("All specialties"),
        widget=Select,
    )
    group = django_filters.ChoiceFilter(
        label=_("Village group"),
        field_name="household__village_group",
        empty_label=_("All village groups"),
        widget=Select,
    )
    experience = django_filters.ChoiceFilter(
        label=_("Years weaving"),
        choices=EXPERIENCE_CHOICES,
        method="filter_experience",
        empty_label=_("Any experience"),
        widget=Select,
    )
    sort = django_filters.ChoiceFilter(
        label=pgettext_lazy("directory order", "Sort by"),
        choices=SORT_CHOICES,
        method="sort_by",
        empty_label=_("Register order"),
        widget=Select,
    )

    def __init__(self, *args, vocabularies: dict[str, list], **kwargs):
        """`vocabularies`: {"techniques": [(slug, name)], "specialties": [(slug, name)],
        "village_groups": [number]}, the choices the selects offer (read once per request by
        artisans.selectors.directory_vocabularies)."""
        super().__init__(*args, **kwargs)
        self.filters["technique"].extra["choices"] = vocabularies["techniques"]
        self.filters["specialty"].extra["choices"] = vocabularies["specialties"]
        self.filters["group"].extra["choices"] = [
            (str(number), _("Group %(number)d") % {"number": number})
            for number in vocabularies["village_groups"]
        ]

    @property
    def qs(self):
        queryset = super().qs
        if not queryset.query.order_by:
            queryset = queryset.order_by("code")
        return queryset

    def filter_name(self, queryset, name, value):
        # Names are Chinese characters: a substring match finds 秀兰 in 王秀兰, and the pinyin
        # "Meng" finds 孟秀兰.
        terms = value.split()
        condition = Q()
        for term in terms:
            condition &= Q(title__icontains=term) | Q(name_pinyin__icontains=term)
        return queryset.filter(condition)

    def filter_experience(self, queryset, name, value):
        low, high = EXPERIENCE_RANGES[value]
        queryset = queryset.filter(years_weaving__gte=low)
        return queryset if high is None else queryset.filter(years_weaving__lte=high)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDERS[value])
