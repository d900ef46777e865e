"""Bases for the site's page models that apps share.

- `SelectorContextMixin`: a page whose template shows reads from its app's selectors.
  Models never import selectors (selectors import models); the selectors module registers
  its context with `@PageModel.context_provider`, as Wagtail registers snippets and settings
  with decorators, and the app's `ready()` imports it.
- `SectionIndexPage`: the one abstract base for a section's index page — the artisan
  directory and the shop today, the exhibitions and commission cases next. It lists the
  section's live children through `get_listing(request)`: a django-filter FilterSet over the
  query string, its results and one page of them, and a notice for each bad value
  (`build_listing`). The app's selectors module registers how with `@PageModel.listed_by`.
- `RouteViewsMixin`: a routable page whose routes answer with views from the app's views
  module (which imports models, so models cannot import it): each view registers itself with
  `@PageModel.route_view("name")` and the route calls `self.route_to("name", request)`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class RouteViewsMixin:
    """Route views registered by the app's views module (imported by the app's `ready()`):
    `view(request, page=..., **route_kwargs)`."""

    route_views: ClassVar[dict[str, Callable[..., Any]]] = {}

    @classmethod
    def route_view(cls, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(function: Callable[..., Any]) -> Callable[..., Any]:
            cls.route_views = {**cls.__dict__.get("route_views", {}), name: function}
            return function
        return register

    def route_to(self, name: str, request, **kwargs):
        view = type(self).__dict__.get("route_views", {}).get(name)
        if view is None:
            raise ImproperlyConfigured(
                f"No view for {type(self).__name__}'s route {name!r}: register one with "
                f"@{type(self).__name__}.route_view({name!r}) in the app's views module.")
        return view(request, page=self, **kwargs)


class SelectorContextMixin:
    """Adds to a page's template context what the functions registered for its class
    return: `function(page=..., request=...) -> dict`."""

    context_providers: ClassVar[tuple[Callable[..., dict], ...]] = ()

    @classmethod
    def context_provider(cls, function: Callable[..., dict]) -> Callable[..., dict]:
        cls.context_providers = (*cls.__dict__.get("context_providers", ()), function)
        return function

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for provider in type(self).__dict__.get("context_providers", ()):
            context.update(provider(page=self, request=request))
        return context


@dataclass
class Listing:
    """One page of a section's listing: the filters as the visitor set them, the page of
    results, and a notice for each value that was left out."""

    filterset: Any
    page_obj: PaginatorPage
    notices: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.page_obj.paginator.count

    @property
    def object_list(self) -> list:
        return self.page_obj.object_list

    @property
    def is_filtered(self) -> bool:
        data = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        return any(value not in (None, "") for name, value in data.items() if name != "sort")


def filter_notices(filterset) -> list[str]:
    """A notice in the visitor's language for each filter value that was left out."""
    form = filterset.form
    notices = []
    if filterset.is_bound and not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in dict.fromkeys(errors):
                notices.append(_("%(label)s: %(error)s This filter was left out.")
                               % {"label": label, "error": error} if label else error)
    return notices


def paginate(results: Sequence, number, per_page: int, notices: list[str]) -> PaginatorPage:
    """One page of `results`; a page number that is not one, or past the end, gives the
    first or the last page and a notice."""
    paginator = Paginator(results, per_page)
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        notices.append(_("“%(page)s” is not a page number; here is the first page.")
                       % {"page": str(number)[:20]})
        return paginator.page(1)
    except EmptyPage:
        last = paginator.num_pages
        if paginator.count:
            notices.append(_("There are only %(n)d pages of results; here is the last one.")
                           % {"n": last})
        return paginator.page(last)


def build_listing(*, filterset, results: Sequence, page_number, per_page: int,
                  to_objects: Callable[[list], list] | None = None,
                  listing_class: type[Listing] = Listing, **extra) -> Listing:
    """The common pattern: the notices for bad filters, one page of `results` (a queryset,
    or ids kept in the cache), turned into the objects the template shows."""
    notices = filter_notices(filterset)
    page_obj = paginate(results, page_number, per_page, notices)
    if to_objects is not None:
        page_obj.object_list = to_objects(list(page_obj.object_list))
    return listing_class(filterset=filterset, page_obj=page_obj, notices=notices, **extra)


class SectionIndexPage(SelectorContextMixin, Page):
    """A section's index page, one per site language: an introduction and its live children,
    filtered, sorted and paginated. The template gets `listing`, `page_obj` and the page's
    objects under `listing_object_name`."""

    intro = RichTextField(gettext_lazy("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count_per_parent = 1
    per_page = 24
    listing_object_name = "items"
    # The listing has a search box of its own: the header leaves out the site search.
    has_own_search = True
    listing_function: ClassVar[Callable[..., Listing] | None] = None

    class Meta:
        abstract = True

    @classmethod
    def listed_by(cls, function: Callable[..., Listing]) -> Callable[..., Listing]:
        """Registers `function(page=..., request=...) -> Listing`, the selector that lists
        this section."""
        cls.listing_function = staticmethod(function)
        return function

    def get_listing(self, request) -> Listing:
        function = type(self).__dict__.get("listing_function")
        if function is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} has no listing: register one with "
                f"@{type(self).__name__}.listed_by in the app's selectors module.")
        return function(page=self, request=request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = self.get_listing(request)
        context.update({"listing": listing, "filterset": listing.filterset,
                        "page_obj": listing.page_obj,
                        self.listing_object_name: listing.object_list})
        return context


def live_child_id(parent: Page, model: type[Page]) -> int | None:
    """The id of the first live child of `parent` of the page type `model`, asked by id from
    the type's own small table rather than by path across the whole tree: Wagtail's
    `child_of()` is a LIKE on the path, which SQLite answers by scanning every page (6 ms at
    38,000 pages, 0.5 ms this way)."""
    return (Page.objects.filter(pk__in=model.objects.values("pk"), depth=parent.depth + 1,
                                path__startswith=parent.path, live=True)
            .order_by("path").values_list("pk", flat=True).first())
