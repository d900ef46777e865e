"""Gives the Committee and the Administrators their rights on every site's home page (in
every language), for a site built by hand in the admin rather than by the demo loader.
Running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from wagtail.models import Site

from core.roles import grant_site_permissions


class Command(BaseCommand):
    help = "Grant the staff groups their page permissions on every site's home page."

    def handle(self, *args, **options):
        homes = [
            home
            for site in Site.objects.select_related("root_page")
            for home in site.root_page.get_translations(inclusive=True)
        ]
        for home in homes:
            grant_site_permissions(home)
            self.stdout.write(_("Permissions granted on “%(title)s”.") % {"title": home.title})
        if not homes:
            self.stdout.write(_("There is no site yet: create one in the admin first."))
