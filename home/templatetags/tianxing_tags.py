from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from core.caching import SETTINGS, cached
from core.i18n import page_translations
from core.money import format_cny
from home.models import CooperativeSettings
from home.navigation import menu_items

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
    translations = page_translations(request, page) if isinstance(page, Page) else {}
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = target["url"] if target else translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "active": code == current})
    return links


@register.simple_tag(takes_context=True)
def cooperative(context):
    """The cooperative's settings for this site, from the shared cache (they appear in every
    page's title and footer but change a few times a year)."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return CooperativeSettings()
    return cached(SETTINGS, str(site.pk), lambda: CooperativeSettings.for_site(site))


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    return {"items": menu_items(request), "current_path": request.path}
