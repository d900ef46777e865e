"""Admin viewsets shared by the apps."""

from wagtail.snippets.views.snippets import SnippetViewSet


class BilingualNameViewSet(SnippetViewSet):
    """A vocabulary named in both languages (techniques, specialties, categories, materials):
    listed, searched and exported by its names and slug."""

    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]
    list_export = ["name", "name_en", "slug"]
    copy_view_enabled = False
