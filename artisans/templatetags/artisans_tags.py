from django import template

from artisans import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def artisan_cards(context, artisans) -> list[str]:
    """{% artisan_cards artisans as cards %}: each artisan's card, as HTML, from the cache."""
    return selectors.artisan_cards(artisans, request=context.get("request"))
