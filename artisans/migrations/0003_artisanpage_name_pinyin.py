"""Artisans' names in pinyin, written from the Chinese name for the pages that exist."""

from django.db import migrations, models

from core.translation import pinyin_name


def write_pinyin(apps, schema_editor):
    ArtisanPage = apps.get_model("artisans", "ArtisanPage")
    Locale = apps.get_model("wagtailcore", "Locale")
    chinese = Locale.objects.filter(language_code="zh-hans").first()
    pages = list(ArtisanPage.objects.filter(name_pinyin="").only("id", "title", "translation_key",
                                                                 "locale_id"))
    by_key = {page.translation_key: pinyin_name(page.title) for page in pages
              if chinese is None or page.locale_id == chinese.pk}
    for page in pages:
        page.name_pinyin = by_key.get(page.translation_key, "")
    ArtisanPage.objects.bulk_update(pages, ["name_pinyin"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("artisans", "0002_group_permissions"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="artisanpage",
            name="name_pinyin",
            field=models.CharField(
                blank=True,
                help_text="Shown on the English site and found by searches in pinyin. Left "
                "empty, it is written from the Chinese name; correct it if a character is "
                "read differently in this name.",
                max_length=80,
                verbose_name="name in pinyin",
            ),
        ),
        migrations.RunPython(write_pinyin, migrations.RunPython.noop),
    ]
