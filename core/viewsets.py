"""Admin viewsets shared by the apps, and choosers that respect the model's permissions.

Wagtail's snippet chooser answers anyone who can open the admin: an artisan could list the
household register through `/admin/snippets/choose/artisans/household/`. Every project
snippet uses `SnippetViewSet` below, whose chooser answers only users who may see the model
in its listing (any of add, change, delete or view, as the snippet listing itself asks)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet
from wagtail_localize.views import snippets_api as localize_snippets_api

LISTING_ACTIONS = {"add", "change", "delete", "view"}


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
