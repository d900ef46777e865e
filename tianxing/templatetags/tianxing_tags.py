from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from tianxing.money import format_cny

register = template.Library()


@register.filter
def yuan(amount):
    """{{ product.price|yuan }} → ¥1,280.00"""
    return format_cny(amount)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per site language to the same page in that language: the page's translation
    (or alias) where the page has one, otherwise the same URL under the other prefix."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "active": code == current})
    return links


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    site = Site.find_for_request(request)
    items = []
    if site:
        root = site.root_page.localized
        items = root.get_children().live().in_menu()
    current_path = request.path
    return {
        "home": site.root_page.localized if site else None,
        "items": items,
        "current_path": current_path,
        "request": request,
        "locale": Locale.get_active(),
    }
