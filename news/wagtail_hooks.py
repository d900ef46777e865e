"""The news section in the admin: a news index made by hand is set up like the demo's."""

from wagtail import hooks

from news import services
from news.models import NewsIndexPage


@hooks.register("after_create_page")
def make_new_news_index_a_section(request, page):
    if isinstance(page.specific, NewsIndexPage):
        services.news_section_setup(index_page=page.specific)
