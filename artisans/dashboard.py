"""The artisan's panel on the admin dashboard: their page, the state of their pending
changes and the committee's last comment, and their works, as big links for a phone.

Works belong to the catalogue, which sits above this app: it contributes them through the
`artisan_dashboard_works` hook (a function `(request, artisan_pages) -> list[dict]`, each
dict with `title`, `edit_url`, `live_url`, `quantity`, `units_sold`, `state`)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.forms import Media
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, TaskState, WorkflowState

from artisans.models import ArtisanPage

ARTISANS_GROUP = "Artisans"

STATE_LABELS = {
    "live": _("Published: what visitors see"),
    "draft": _("Draft saved, not yet sent to the committee"),
    "in_review": _("Waiting for the committee's approval"),
    "needs_changes": _("The committee asked for changes"),
    "new": _("Not published yet"),
}


def page_state(page: Page) -> str:
    """One of STATE_LABELS' keys for a page the artisan keeps."""
    workflow_state = page.current_workflow_state
    if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "needs_changes"
    if workflow_state:
        return "in_review"
    if page.has_unpublished_changes:
        return "draft" if page.live else "new"
    return "live"


def last_committee_comment(page: Page) -> TaskState | None:
    """The latest review of the page that came with a comment (approval or request for
    changes), or None."""
    return (
        TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id=str(page.pk),
            finished_at__isnull=False,
        )
        .exclude(comment="")
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )


@dataclass
class OwnPage:
    page: ArtisanPage
    state: str
    comment: TaskState | None

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


class ArtisanDashboardPanel(Component):
    name = "artisan_dashboard"
    template_name = "artisans/admin/dashboard_panel.html"
    order = 10

    def __init__(self, request, pages):
        self.request, self.pages = request, pages

    def get_context_data(self, parent_context=None):
        own = [OwnPage(page, page_state(page), last_committee_comment(page))
               for page in self.pages]
        works = []
        for fn in hooks.get_hooks("artisan_dashboard_works"):
            works.extend(fn(self.request, self.pages))
        for work in works:
            work["state_label"] = STATE_LABELS[work["state"]]
        return {"own_pages": own, "works": works, "request": self.request,
                "work_states_pending": [w for w in works if w["state"] != "live"]}

    @property
    def media(self):
        return Media(css={"all": ["css/artisans-admin.css"]})


def artisan_pages_for(user) -> list[ArtisanPage]:
    """The artisan pages `user` keeps (owns), in the default language."""
    return list(ArtisanPage.objects.filter(owner=user, locale=Locale.get_default())
                .order_by("title"))
