"""How the site writes a day and a moment, one format per language, so every desk and list
reads alike: Chinese 2026年11月28日 14:05, English 28 Nov 2026, 14:05. Moments are shown in
the current time zone, which is the cooperative's (Asia/Shanghai) unless an admin user chose
another in their account. Templates use the `local_date` and `local_datetime` filters
({% load dates %}); admin listings use `date_column`."""

from __future__ import annotations

from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_with
from django.utils.text import capfirst
from django.utils.translation import get_language
from wagtail.admin.ui.tables import Column

# (day, moment) per language; Chinese, the first language, for any other.
FORMATS = {
    "zh": ("Y年n月j日", "Y年n月j日 H:i"),
    "en": ("j M Y", "j M Y, H:i"),
}


def _formats() -> tuple[str, str]:
    language = (get_language() or "zh").split("-")[0]
    return FORMATS.get(language, FORMATS["zh"])


def format_date(value: date | datetime | None) -> str:
    """28 Nov 2026 / 2026年11月28日; "" for no date. A moment is first put in local time."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_with(value, _formats()[0])


def format_datetime(value: datetime | None) -> str:
    """28 Nov 2026, 14:05 / 2026年11月28日 14:05, in local time; "" for no moment."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return format_date(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_with(value, _formats()[1])


class LocalDateColumn(Column):
    """A listing column of days in the site's format, sortable by its field."""

    formatter = staticmethod(format_date)

    def __init__(self, name, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return self.formatter(super().get_value(instance))


class LocalDateTimeColumn(LocalDateColumn):
    """A listing column of moments in the site's format, sortable by its field."""

    formatter = staticmethod(format_datetime)


def date_column(model, name: str, **kwargs) -> LocalDateColumn:
    """The listing column for `model`'s date or date-time field `name`, labelled with the
    field's name unless `label` is given."""
    field = model._meta.get_field(name)
    kwargs.setdefault("label", capfirst(field.verbose_name))
    if isinstance(field, models.DateTimeField):
        return LocalDateTimeColumn(name, **kwargs)
    return LocalDateColumn(name, **kwargs)
