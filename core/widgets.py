"""Form widgets for the public listings' filter forms, written out in Python.

Django renders every widget, and every <option> of a select, through a template of its own.
On a listing with a handful of filters that costs more time than the listing's queries; these
widgets give the same markup for a fraction of it."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class Select(forms.Select):
    """A single <select> (option groups fall back to Django's template)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [("" if option is None else str(option), label)
                   for option, label in self.choices]
        if any(isinstance(label, (list, tuple)) for _option, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (option, " selected" if option in selected else "", label)
            for option, label in choices
        ))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class InputMixin:
    """<input type=… name=… value=…> as Django's input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(final_attrs),
        )


class TextInput(InputMixin, forms.TextInput):
    pass


class NumberInput(InputMixin, forms.NumberInput):
    pass


class HiddenInput(InputMixin, forms.HiddenInput):
    pass
