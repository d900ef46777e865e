"""The job's own details the committee keeps (title, dates) and the showcase page made from a
finished job."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from commissions.models import (
    Commission,
    CommissionCaseIndexPage,
    CommissionCasePage,
    CommissionEvent,
    Stage,
)
from commissions.services.base import CommissionError, lock, record_event
from core.translation import sync_aliases


def commission_set_details(*, commission: Commission | int, title: str = "",
                           starts_on: date | None = None, ends_on: date | None = None,
                           actor=None) -> Commission:
    with transaction.atomic():
        commission = lock(commission)
        if starts_on and ends_on and ends_on < starts_on:
            raise CommissionError(_("The job cannot end before it starts."))
        outside = commission.labour_entries.exclude(date__gte=starts_on) if starts_on else None
        if ends_on:
            outside = (outside | commission.labour_entries.filter(date__gt=ends_on)
                       if outside is not None else commission.labour_entries.filter(
                           date__gt=ends_on))
        if outside is not None and outside.exists():
            raise CommissionError(_("Some labour is recorded outside these dates."))
        commission.title = (title or "").strip()[:120]
        commission.starts_on, commission.ends_on = starts_on, ends_on
        commission.save()
        record_event(commission, kind=CommissionEvent.Kind.NOTE, actor=actor,
                     note=_("Details: %(title)s, %(start)s – %(end)s")
                     % {"title": commission.title or "—", "start": starts_on or "—",
                        "end": ends_on or "—"})
    return commission


def commission_clear_flag(*, commission: Commission | int, actor=None) -> Commission:
    """Staff looked at what needed attention (a revision request, a stray payment)."""
    with transaction.atomic():
        commission = lock(commission)
        if commission.needs_attention:
            record_event(commission, kind=CommissionEvent.Kind.NOTE, actor=actor,
                         note=_("Checked: %(reason)s") % {"reason": commission.attention_reason})
            commission.needs_attention, commission.attention_reason = False, ""
            commission.save()
    return commission


def case_page_create(*, commission: Commission, index_page: CommissionCaseIndexPage,
                     actor=None, publish: bool = False) -> CommissionCasePage:
    """A case page for a closed commission, filled from the job (place, year, size, team,
    progress photos), as a draft for the committee to finish and publish."""
    if commission.stage != Stage.CLOSED:
        raise CommissionError(_("Only a finished (closed) commission becomes a case."))
    existing = CommissionCasePage.objects.filter(commission=commission,
                                                 locale=index_page.locale).first()
    if existing is not None:
        return existing
    photos = list(commission.progress_photos.select_related("image"))
    team = commission.team.select_related("artisan").order_by("artisan__code")
    with translation.override(index_page.locale.language_code):
        title = commission.display_title[:255]
    page = CommissionCasePage(
        title=title,
        slug=slugify(commission.reference),
        commission=commission,
        cover=photos[-1].image if photos else None,
        place=f"{commission.district} {commission.client_label}"[:120],
        size=commission.size[:100],
        year=timezone.localtime(commission.updated_at).year,
        kind=commission.kind,
        team="\n".join(member.artisan.title for member in team),
        photos=[("photo", {"image": photo.image, "caption": photo.caption}) for photo in photos],
        owner=actor,
        live=False,
    )
    index_page.add_child(instance=page)
    revision = page.save_revision(user=actor)
    if publish:
        revision.publish(user=actor)
        page.refresh_from_db()
    sync_aliases(page)
    return page
