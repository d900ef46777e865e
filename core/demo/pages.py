"""Pages in bulk, for seed data: a few INSERTs per hundred pages instead of a page-by-page
`add_child` with its validation, signals, search-index task and reference-index rebuild
(the demo village's loading time went from minutes to seconds this way).

Build unsaved page instances as for `add_child` (relations assigned as lists: ParentalKey
children such as `page.makers = [ProductMaker(...)]`, ParentalManyToMany fields such as
`page.techniques = [...]`), then `add_pages(parent, pages)`. The pages are live, with no
revision (the page is its own first version, as an import would leave it), not
search-indexed and not in the reference index: the caller indexes them in bulk afterwards
(`index_pages`, with the pages still holding their relations) and `manage.py
rebuild_references_index` fills the reference index.

`translation_copy(page, locale, **fields)` makes the unsaved translation of a page built
this way (same translation key, relations copied), to be added under the translated parent
with `add_pages` too."""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.models import Page

BATCH = 400

# Fields a translation must not share with its source page.
_TREE_FIELDS = {"id", "page_ptr", "path", "depth", "numchild", "url_path", "locale",
                "latest_revision", "live_revision", "draft_title", "alias_of"}


def _related(page) -> tuple[dict, dict]:
    """The ParentalKey children and ParentalManyToMany values assigned to an unsaved page."""
    children = {rel.get_accessor_name(): list(getattr(page, rel.get_accessor_name()).all())
                for rel in get_all_child_relations(type(page))}
    m2m = {field.name: list(getattr(page, field.name).all())
           for field in get_all_child_m2m_relations(type(page))}
    return children, m2m


def add_pages(parent: Page, pages: list[Page]) -> list[Page]:
    """Insert `pages` (unsaved instances of one specific page type that inherits directly
    from Page) as the last children of `parent`, live, with their child relations and
    many-to-many values. Returns the pages, saved."""
    if not pages:
        return pages
    model = type(pages[0])
    if any(type(page) is not model for page in pages) or list(model._meta.parents) != [Page]:
        raise TypeError("add_pages takes pages of one type that inherits directly from Page.")
    parent = Page.objects.get(pk=parent.pk)
    related = [_related(page) for page in pages]
    last = (Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path").values_list("path", flat=True).first())
    step = Page._str2int(last[-Page.steplen:]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    bases = []
    for number, page in enumerate(pages, start=step + 1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, number)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = page.locale_id or parent.locale_id
        page.content_type = content_type
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or page.first_published_at
        bases.append(Page(**{field.attname: getattr(page, field.attname)
                             for field in Page._meta.concrete_fields if field.attname != "id"}))
    Page.objects.bulk_create(bases, batch_size=BATCH)
    for page, base in zip(pages, bases, strict=True):
        page.id = page.page_ptr_id = base.id
        page._state.adding = False
    database = router.db_for_write(model)
    fields = list(model._meta.local_concrete_fields)
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(pages[start:start + BATCH], fields=fields, using=database)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    _add_related(model, pages, related)
    return pages


def _add_related(model, pages, related) -> None:
    for relation in get_all_child_relations(model):
        accessor, rows = relation.get_accessor_name(), []
        for page, (children, _m2m) in zip(pages, related, strict=True):
            for order, child in enumerate(children[accessor]):
                setattr(child, relation.field.attname, page.pk)
                if hasattr(child, "sort_order") and child.sort_order is None:
                    child.sort_order = order
                rows.append(child)
        relation.related_model.objects.bulk_create(rows, batch_size=BATCH)
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = [through(**{f"{own}_id": page.pk, f"{other}_id": target.pk})
                for page, (_children, m2m) in zip(pages, related, strict=True)
                for target in m2m[field.name]]
        through.objects.bulk_create(rows, batch_size=BATCH)


def translation_copy(page: Page, locale, **fields) -> Page:
    """An unsaved copy of `page` (built for `add_pages`, saved or not) in `locale`, sharing
    its translation key and relations, with `fields` (the translated words) set on it."""
    model = type(page)
    values = {field.attname: getattr(page, field.attname)
              for field in model._meta.concrete_fields if field.name not in _TREE_FIELDS}
    copy = model(**values)
    copy.locale = locale
    children, m2m = _related(page)
    for accessor, objects in children.items():
        setattr(copy, accessor, [_unsaved_copy(child) for child in objects])
    for name, objects in m2m.items():
        setattr(copy, name, objects)
    for name, value in fields.items():
        setattr(copy, name, value)
    return copy


def _unsaved_copy(child):
    values = {field.attname: getattr(child, field.attname)
              for field in child._meta.concrete_fields if not field.primary_key}
    copy = type(child)(**values)
    copy._state.fields_cache = dict(child._state.fields_cache)  # e.g. a maker's artisan
    return copy


def index_pages(model, pages: list[Page]) -> None:
    """Add `pages` (as built for `add_pages`, their relations still in memory, so indexing
    reads no relation from the database) to every search backend in bulk. A search field
    that is a method (e.g. a work's Chinese n-grams) is computed once per page, not once per
    index column."""
    methods = [field.field_name for field in model.get_search_fields()
               if callable(getattr(model, getattr(field, "field_name", ""), None))
               and not isinstance(getattr(model, field.field_name), property)]
    for page in pages:
        for name in methods:
            setattr(page, name, getattr(page, name)())
    try:
        for start in range(0, len(pages), BATCH):
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, pages[start:start + BATCH])
    finally:
        for page in pages:
            for name in methods:
                del page.__dict__[name]


def block_id(*parts) -> str:
    """A stable StreamField block id: a loader run twice, or a translation built beside its
    source, gives a block the same id (wagtail-localize pairs translated segments by it)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "tianxing-demo:" + ":".join(map(str, parts))))
