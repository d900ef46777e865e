"""Chinese is the site's first language: every UI string must have a Chinese translation.
(`.ci/run` also re-extracts the strings and fails when the catalogues are out of step.)"""

import gettext
import re

from tianxing.settings.base import BASE_DIR

CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(path):
    """(msgid, [msgstr forms], is_fuzzy, msgctxt or None) for every entry but the header."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            forms = [value for key, value in fields.items() if key.startswith("msgstr")]
            yield fields["msgid"], forms, fuzzy, fields.get("msgctxt")


def test_every_ui_string_has_a_chinese_translation():
    untranslated = [msgid for msgid, forms, fuzzy, _context in entries(CATALOGUE)
                    if fuzzy or not all(forms)]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    def compiled_text(msgid, context):
        return (translations.pgettext(context, msgid) if context
                else translations.gettext(msgid))

    stale = [msgid for msgid, forms, _fuzzy, context in entries(CATALOGUE)
             if "\\" not in msgid and len(forms) == 1
             and compiled_text(msgid, context) != forms[0]]
    assert stale == []


def test_the_admin_menus_pages_is_not_overridden_by_the_pagination_label():
    # The pagination's "Pages" (分页) once overrode Wagtail's own "Pages" (页面): the admin
    # menu's page explorer read 分页 ("pagination") for every Chinese user.
    from django.utils import translation

    pages = "Pages"  # a variable, so that makemessages does not take the test's strings
    with translation.override("zh-hans"):
        assert translation.gettext(pages) == "页面"
        assert translation.pgettext("pagination", pages) == "分页"
