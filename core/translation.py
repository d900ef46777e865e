"""Keeping the English site in step with the Chinese one.

- New pages: wagtail-localize's locale synchronisation (Settings → Locales: English "synced
  from" Chinese) gives every new Chinese page made in the admin an English alias, which shows
  the Chinese content until someone translates it. Imports and loaders that create pages in
  code call `sync_aliases` for the same result.
- Translated pages: each page model declares which fields are facts (`SynchronizedField`:
  pictures, prices, stock, sizes, techniques…) and which are words (`TranslatableField`). When
  a Chinese page is published, `keep_translations_in_step` refreshes its wagtail-localize
  source and saves every translation at once: facts are copied, words already translated
  stay, and words the Chinese edit changed are shown in Chinese and counted as untranslated
  in the translation editor until the committee translates them.
- Translations made outside wagtail-localize (the demo's English pages, bulk-loaded) are
  adopted when the first revision of their Chinese page is saved, while the page's row
  still holds the Chinese they were translated from: their words become the translation
  memory, pairing segments by field and position (`adopt_translations_before_first_edit`).
- Names: `pinyin_name` writes a Chinese name in pinyin for the English site and for
  searches in pinyin.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from pypinyin import lazy_pinyin
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

logger = logging.getLogger(__name__)

# Surnames read differently from the same character elsewhere (pypinyin reads the word).
SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
                    "查": "zha", "乐": "yue", "覃": "qin", "缪": "miao", "尉": "yu", "盖": "ge"}


def pinyin_name(name: str) -> str:
    """孟秀兰 → "Meng Xiulan": surname, then the given name in one word, as in a passport
    (with ü kept, 吕 → "Lü"). Names that are not Chinese come back unchanged."""
    name = name.strip()
    if not name or not all("\u4e00" <= char <= "\u9fff" for char in name):
        return name
    surname = SURNAME_READINGS.get(name[0]) or lazy_pinyin(name[0], v_to_u=True)[0]
    given = "".join(lazy_pinyin(name[1:], v_to_u=True))
    return f"{surname.capitalize()} {given.capitalize()}".strip()


def sync_aliases(page: Page) -> list[Page]:
    """Give `page` an alias in every other locale that does not have a version of it yet."""
    created = []
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if page.has_translation(locale):
            continue
        created.append(page.copy_for_translation(locale, copy_parents=True, alias=True))
    return created


def adopt_translation(source_page: Page, translated_page: Page) -> Translation:
    """Make `translated_page` (a translation written outside wagtail-localize) the
    wagtail-localize translation of `source_page`, its words becoming the translation memory.
    Segments are paired by field path and order, so a translation written with the same
    structure as its source (same paragraphs, same block ids) is adopted whole; a segment
    without a partner is left untranslated."""
    source, _created = TranslationSource.get_or_create_from_instance(source_page.specific)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale_id=translated_page.locale_id,
        defaults={"enabled": True},
    )
    words = defaultdict(list)
    for segment in extract_segments(translated_page.specific):
        if isinstance(segment, StringSegmentValue):
            words[segment.path].append(segment.string.data)
    for segment in (StringSegment.objects.filter(source=source).order_by("order")
                    .select_related("context", "string")):
        partners = words.get(segment.context.path)
        if not partners:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string, context=segment.context,
            locale_id=translated_page.locale_id,
            defaults={"data": partners.pop(0),
                      "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    return translation


def _unmanaged_translations(page: Page) -> list[Page]:
    """The page's translations (aliases aside) that wagtail-localize does not manage yet."""
    managed = Translation.objects.filter(
        source__object_id=page.translation_key, source__locale_id=page.locale_id,
    ).values_list("target_locale_id", flat=True)
    return list(Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
                .exclude(pk=page.pk).exclude(locale_id__in=managed))


def adopt_translations_before_first_edit(sender, instance, created, **kwargs) -> None:
    """`post_save` receiver for revisions: before a Chinese page's first edit reaches its
    row, adopt the translations written outside wagtail-localize (see the module docstring)."""
    if not created or instance.base_content_type_id != ContentType.objects.get_for_model(
        Page).pk:
        return
    page = Page.objects.filter(pk=instance.object_id).first()
    if page is None or page.locale_id != Locale.get_default().pk or page.alias_of_id:
        return
    try:
        with transaction.atomic():
            for translated in _unmanaged_translations(page):
                adopt_translation(page, translated)
    except Exception:
        # Saving the artisan's revision matters more: the translation is adopted next time.
        logger.exception("Translations of page %s not adopted", page.pk)


def keep_translations_in_step(sender, instance, **kwargs) -> None:
    """`page_published` receiver: a published page of the default (Chinese) locale brings
    its translations along (see the module docstring). Aliases follow by themselves."""
    page = instance
    if page.locale_id != Locale.get_default().pk or page.alias_of_id:
        return
    if not Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True
                               ).exclude(pk=page.pk).exists():
        return
    try:
        with transaction.atomic():
            for translated in _unmanaged_translations(page):  # published without a revision
                adopt_translation(page, translated)
            source, _created = TranslationSource.update_or_create_from_instance(page.specific)
    except Exception:
        # The Chinese page is published regardless; its translations follow next time.
        logger.exception("Translation source of page %s not updated", page.pk)
        return
    for translation in source.translations.filter(enabled=True):
        try:
            with transaction.atomic():
                translation.save_target(publish=True)
        except ValidationError as error:
            # A translation that cannot be saved as it stands waits for the committee.
            logger.warning("Translation %s of page %s not updated: %s",
                           translation.target_locale, page.pk, error)
        except Exception:
            logger.exception("Translation %s of page %s not updated",
                             translation.target_locale, page.pk)
