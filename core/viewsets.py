"""Admin viewsets shared by the apps, choosers that respect the model's permissions, and
values shown the same way in every list and inspect page (是/否, and — for nothing).

Wagtail's snippet chooser answers anyone who can open the admin: an artisan could list the
household register through `/admin/snippets/choose/artisans/household/`. Every project
snippet uses `SnippetViewSet` below, whose chooser answers only users who may see the model
in its listing (any of add, change, delete or view, as the snippet listing itself asks)."""

from django.core.exceptions import PermissionDenied
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.translation import gettext, pgettext
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet
from wagtail_localize.views import snippets_api as localize_snippets_api

LISTING_ACTIONS = {"add", "change", "delete", "view"}


def yes_no(value) -> str:
    """是 or 否 (yes or no), and — when there is no answer. Wagtail shows True, False and None
    in every language."""
    if value is None:
        return "—"
    return pgettext("yes or no", "Yes") if value else pgettext("yes or no", "No")


class YesNoColumn(Column):
    """A list column for a yes/no field."""

    def get_value(self, instance):
        return yes_no(super().get_value(instance))


class ReadableValue(Component):
    """A field's value on an inspect page: 是/否 for a yes/no field, — for an empty field, and
    anything else as Wagtail shows it (localised, in the user's time zone). Registered for
    every model field in core's wagtail_hooks."""

    def __init__(self, value):
        self.value = value

    def render_html(self, parent_context=None):
        value = None if self.value == "" else self.value
        if value is None or isinstance(value, bool):
            return yes_no(value)
        return render_value_in_context(value, Context(autoescape=True))


class ModelPermissionRequiredMixin:
    """Refuse a chooser view (403) to users without a listing permission on its model."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model)
        if not policy.user_has_any_permission(request.user, LISTING_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseView(ModelPermissionRequiredMixin, chooser.ChooseView):
    pass


class ChooseResultsView(ModelPermissionRequiredMixin, chooser.ChooseResultsView):
    pass


class ChosenView(ModelPermissionRequiredMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(ModelPermissionRequiredMixin, chooser.SnippetChosenMultipleView):
    pass


class CreateView(ModelPermissionRequiredMixin, chooser.SnippetCreateView):
    pass


class PermissionCheckedChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView


class SnippetViewSet(WagtailSnippetViewSet):
    """Wagtail's SnippetViewSet with a chooser that checks the model's permissions."""

    chooser_viewset_class = PermissionCheckedChooserViewSet


class BilingualNameViewSet(SnippetViewSet):
    """A vocabulary named in both languages (techniques, specialties, categories, materials):
    listed, searched and exported by its names and slug."""

    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]
    list_export = ["name", "name_en", "slug"]
    copy_view_enabled = False


class LocalizeSnippetAPI(localize_snippets_api.SnippetViewSet):
    """wagtail-localize's snippet listing API (used by its translation editor), answering
    only users who may see the model in its listing: as shipped it lists any snippet, the
    household register included, to anyone who can open the admin. `tianxing/urls.py` puts
    it in front of wagtail-localize's view at the same addresses."""

    def get_queryset(self):
        model = self.get_model()
        policy = policy_registry.get_by_type(model)
        if not policy.user_has_any_permission(self.request.user, LISTING_ACTIONS):
            raise PermissionDenied
        return super().get_queryset()


class ReviewAwareEditView(EditView):
    """Wagtail's page editor with autosave switched off while the page is in a review.

    Autosave posts the form whenever it changes. During a review that fights the user: the
    author is locked out by the committee's task, so every autosave is refused (HTTP 400
    "locked") and then paused; and for the reviewer, choosing "approve" changes the form
    (the chosen action), so an autosave races the approval and leaves a fresh draft behind
    the version just published. Outside a review autosave works as Wagtail ships it: the
    author's autosaves overwrite one draft revision, and submitting creates the one that is
    reviewed."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.workflow_state and self.workflow_state.is_active or self.locked_for_user:
            context.update(autosave_enabled=False)
            context.pop("autosave_indicator", None)
        return context

    def post(self, request, *args, **kwargs):
        if self.expects_json_response and (
            self.locked_for_user or (self.workflow_state and self.workflow_state.is_active)
        ):
            return self.json_error_response(
                "locked", gettext("This page is being reviewed: autosave is off until the "
                                  "review ends. Use the buttons below to save."))
        return super().post(request, *args, **kwargs)


class ReviewAwarePageViewSet(PageViewSet):
    """The page editor of page types that artisans edit (portfolio pages, works)."""

    edit_view_class = ReviewAwareEditView
