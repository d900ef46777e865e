"""Form widgets for the public listings' filter forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class Select(forms.Select):
    """A single <select> written out in Python. Django renders every <option> through a
    template of its own, which on a listing with a few vocabularies costs more time than the
    listing's queries; the markup is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [("" if option is None else str(option), label)
                   for option, label in self.choices]
        if any(isinstance(label, (list, tuple)) for _option, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        selected = set(self.format_value(value))
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (option, " selected" if option in selected else "", label)
            for option, label in choices
        ))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)
