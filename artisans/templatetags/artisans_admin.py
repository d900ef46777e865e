"""Template tags for the admin templates the project overrides (templates/wagtailadmin/):
who may read a page's review, and the note an artisan sent with their submission."""

from django import template
from wagtail.models import Page

from artisans import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def can_read_review(context, obj) -> bool:
    """{% can_read_review object as allowed %}: the committee's comments on a page are for
    the people who may edit or publish it, not for every user who can browse past it."""
    request = context.get("request")
    if request is None or not isinstance(obj, Page):
        return True
    permissions = obj.permissions_for_user(request.user)
    return permissions.can_edit() or permissions.can_publish()


@register.simple_tag
def submission_note(obj) -> str:
    """{% submission_note object as note %}: the note sent with the submission now waiting
    for review ("" if none)."""
    if not isinstance(obj, Page):
        return ""
    return selectors.submission_note(obj)
