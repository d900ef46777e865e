from django import template

from orders.cart import Cart, available_quantity
from orders.models import OrderStatus
from orders.services import MAX_MADE_TO_ORDER_QUANTITY

register = template.Library()


@register.inclusion_tag("orders/includes/add_to_cart.html", takes_context=True)
def add_to_cart_form(context, product):
    """The purchase area of a work's page: quantity and the add-to-cart button."""
    available = available_quantity(product)
    return {
        "product": product,
        "available": available,
        "max_quantity": MAX_MADE_TO_ORDER_QUANTITY if available is None else available,
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return 0
    return Cart(request.session).count


@register.filter
def status_label(value) -> str:
    try:
        return OrderStatus(value).label
    except ValueError:
        return value or ""
