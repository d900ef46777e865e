"""The report's filters (django-filter): a date range, the village group and membership."""

from datetime import date

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from earnings.models import EntryKind, LedgerEntry


def last_full_year() -> tuple[date, date]:
    year = timezone.localdate().year - 1
    return date(year, 1, 1), date(year, 12, 31)


class EarningsReportFilterSet(django_filters.FilterSet):
    start = django_filters.DateFilter(
        field_name="entry_date", lookup_expr="gte", label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}))
    end = django_filters.DateFilter(
        field_name="entry_date", lookup_expr="lte", label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}))
    village_group = django_filters.NumberFilter(
        field_name="household__village_group", label=_("Village group"), min_value=0)
    member = django_filters.ChoiceFilter(
        field_name="household__is_member", label=_("Membership"), empty_label=_("All"),
        choices=[("1", _("Members")), ("0", _("Non-members"))])

    class Meta:
        model = LedgerEntry
        fields: list[str] = []

    def clean_range(self) -> dict:
        """The validated choices, with the last full year by default; {} when invalid."""
        if not self.is_valid():
            return {}
        data = self.form.cleaned_data
        default_start, default_end = last_full_year()
        start, end = data.get("start") or default_start, data.get("end") or default_end
        if end < start:
            self.form.add_error("end", _("The end date is before the start date."))
            return {}
        member = data.get("member")
        return {"start": start, "end": end, "village_group": data.get("village_group"),
                "members_only": None if member in (None, "") else member == "1"}


class LedgerEntryFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("Kind"))
    household = django_filters.CharFilter(field_name="household__code", label=_("Household"))
    entry_date = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}))

    class Meta:
        model = LedgerEntry
        fields = ["kind", "household", "entry_date"]
