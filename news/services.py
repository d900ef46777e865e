"""The news section's setup: its articles go live through the committee's approval workflow.

Who may write news comes from the site-wide page permissions (`core.roles`): the committee
and the administrators hold add/change/publish on the home page and everything under it;
artisans hold page permissions only on their own sections (the directory, the shop), so they
can neither add nor edit a news article."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import WorkflowPage

from core.roles import committee_approval_workflow
from news.models import NewsIndexPage


@transaction.atomic
def news_section_setup(*, index_page: NewsIndexPage) -> None:
    """News articles go live through the committee's moderation workflow. Idempotent; for
    the index page's translations too."""
    workflow = committee_approval_workflow()
    for page in [index_page, *index_page.get_translations()]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
