"""Wagtail's admin under a Content-Security-Policy without 'unsafe-inline'.

Wagtail 8 starts its choosers with an inline `<script>new ImageChooser(…)</script>` after each
chooser widget (`BaseChooser.render`; wagtail/wagtail#1288). The project's templates do the
same for date pickers and inline panels (`templates/wagtailadmin/widgets/`, `…/panels/`):
each writes a `<template data-controller="tx-init">` carrying the initialiser's name and its
arguments, and `static/js/admin-csp.js` calls it. Only the initialisers that file names can
be called; a chooser whose own `render_js_init` is not one of them keeps Wagtail's inline
script (and the admin's browser test reports it)."""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

# js_constructor values of Wagtail's choosers that admin-csp.js may start
CHOOSER_CONSTRUCTORS = frozenset({"PageChooser", "ImageChooser", "DocumentChooser",
                                  "SnippetChooser"})

_wagtail_render = BaseChooser.render


def init_element(call: str, *args, element_id: str = "") -> str:
    """The `<template>` that admin-csp.js turns into `call(element_id, *args)`."""
    return format_html(
        '<template data-controller="tx-init" data-tx-init-call="{}"{}'
        ' data-tx-init-args="{}"></template>',
        call,
        format_html(' data-tx-init-id="{}"', element_id) if element_id else "",
        json.dumps(args),
    )


def _initialiser(widget: BaseChooser, id_: str, name: str, value_data) -> tuple[str, list] | None:
    if isinstance(widget, AdminTaskChooser):
        return "createTaskChooser", []
    if (type(widget).render_js_init is BaseChooser.render_js_init
            and widget.js_constructor in CHOOSER_CONSTRUCTORS):
        return widget.js_constructor, [widget.get_js_init_options(id_, name, value_data)]
    return None


def render_chooser(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render with the initialiser in a tx-init element instead of a script."""
    id_ = (attrs or {}).get("id")
    if not id_:
        return _wagtail_render(self, name, value, attrs, renderer)
    value_data = self.get_value_data(value)
    initialiser = _initialiser(self, id_, name, value_data)
    if initialiser is None:
        return _wagtail_render(self, name, value, attrs, renderer)
    call, args = initialiser
    # Before the widget: Stimulus connects controllers in document order, and the chooser
    # must find its buttons before the widget's dropdown (w-dropdown) moves them into a popup.
    return mark_safe(init_element(call, *args, element_id=id_)  # noqa: S308 (Wagtail's markup)
                     + self.render_html(name, value_data, attrs))


def install() -> None:
    BaseChooser.render = render_chooser
