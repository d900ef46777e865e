"""The admin's site history, limited to the pages each user may edit.

Wagtail's site history shows a user the log of every page they can *explore*; an artisan
explores the whole directory (to reach their own page), so they would read every other
artisan's drafts and the committee's review comments. Here page entries are those of pages
the user can edit (for an artisan: the pages they own), other models' entries as Wagtail
decides. `tianxing/urls.py` puts these views in front of Wagtail's at the same addresses."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Value
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry
from wagtail.permissions import policy_registry


def viewable_log_entries(log_model, user):
    """`log_model`'s entries that `user` may read in the site history."""
    if log_model is not PageLogEntry or user.is_superuser:
        return log_model.objects.viewable_by_user(user)
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(
        user, "change")
    return PageLogEntry.objects.filter(page__in=editable.values("pk"))


def _log_models():
    return list(log_action_registry.get_log_entry_models())


class OwnSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The filters offer only users, types and actions found in the entries one may read."""

    def get_user_choices(self):
        ids = set()
        for log_model in _log_models():
            ids.update(viewable_log_entries(log_model, self.request.user).get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)

    def get_action_choices(self):
        actions = set()
        for log_model in _log_models():
            actions.update(viewable_log_entries(log_model, self.request.user).get_actions())
        return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = set()
        for log_model in _log_models():
            ids.update(viewable_log_entries(log_model, self.request.user)
                       .get_content_type_ids())
        self.filters["object_type"].queryset = ContentType.objects.filter(
            pk__in=ids).order_by("model")


class OwnSiteHistoryView(LogEntriesView):
    filterset_class = OwnSiteHistoryFilterSet

    def get_filtered_queryset(self):
        # As LogEntriesView, with viewable_log_entries() in place of viewable_by_user().
        queryset = None
        self.log_models = _log_models()
        for log_model_index, log_model in enumerate(self.log_models):
            sub_queryset = (
                viewable_log_entries(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(log_model_index, output_field=IntegerField()))
            )
            sub_queryset = self.filter_queryset(sub_queryset).order_by()
            queryset = sub_queryset if queryset is None else queryset.union(sub_queryset,
                                                                            all=True)
        return queryset.order_by("-timestamp")


site_history = require_admin_access(OwnSiteHistoryView.as_view())
site_history_results = require_admin_access(OwnSiteHistoryView.as_view(results_only=True))
