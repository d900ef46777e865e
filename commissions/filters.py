"""The showcase's filter: cases by kind of work (a plain GET form, no JavaScript)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from commissions.models import CommissionCasePage, WorkKind


class CaseFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind of work"), choices=WorkKind.choices,
                                       empty_label=_("All kinds"))

    class Meta:
        model = CommissionCasePage
        fields = ["kind"]
