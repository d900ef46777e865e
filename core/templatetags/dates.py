"""{% load dates %}: `value|local_date` and `value|local_datetime`, the site's one way of
writing a day and a moment in each language (core.dates)."""

from django import template

from core.dates import format_date, format_datetime

register = template.Library()

register.filter("local_date", format_date)
register.filter("local_datetime", format_datetime)
