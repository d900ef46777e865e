from django import template

from core.money import format_cny

register = template.Library()


@register.filter
def cny(amount):
    """¥1,280.00 (—for nothing)."""
    return format_cny(amount)


@register.filter
def attr(obj, name):
    """A report row's column by name (sale, labour, …)."""
    return getattr(obj, name)


@register.filter
def percent(rate):
    return f"{rate * 100:.2f}%" if rate is not None else "—"


@register.filter
def item(mapping, key):
    return mapping.get(key)
