from django import template
from django.conf import settings

from payments.providers.stripe import payment_method_types

register = template.Library()


@register.simple_tag
def stripe_options() -> dict:
    """What the card form needs from the settings: Stripe.js, the key, the methods."""
    return {"js_url": settings.STRIPE_JS_URL, "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "methods": payment_method_types()}
