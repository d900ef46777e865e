"""Keeping the English page tree in step with the Chinese one outside the admin.

In the admin, `WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE` gives every new Chinese page an alias
in English (it shows the Chinese content until someone translates it). Imports and the demo
loader create pages in code, so they call `sync_aliases` to get the same result."""

from wagtail.models import Locale, Page


def sync_aliases(page: Page) -> list[Page]:
    """Give `page` an alias in every other locale that does not have a version of it yet."""
    created = []
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if page.has_translation(locale):
            continue
        created.append(page.copy_for_translation(locale, copy_parents=True, alias=True))
    return created
