from django.core.management.base import CommandError
from wagtail.models import Locale

from artisans import services
from artisans.management.commands._import import ImportCommand
from artisans.models import ArtisanIndexPage


class Command(ImportCommand):
    help = (
        "Create or update artisan pages by artisan code from a CSV (UTF-8 or GBK) or XLSX file "
        "with the columns code,name,household_code,techniques,years_weaving (techniques "
        "separated by 、 or ;). All or nothing unless --skip-invalid."
    )

    def run_import(self, **kwargs):
        index_page = ArtisanIndexPage.objects.filter(locale=Locale.get_default()).first()
        if index_page is None:
            raise CommandError("Create the artisan directory page first.")
        return services.artisan_import(index_page=index_page, **kwargs)
