"""Exhibitions for tests: an index under the home page and exhibitions with sessions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from exhibitions.models import (
    SHANGHAI,
    ExhibitionIndexPage,
    ExhibitionPage,
    ExhibitionSession,
    shanghai_today,
)


def exhibitions_index(home) -> ExhibitionIndexPage:
    index = ExhibitionIndexPage.objects.child_of(home).first()
    if index is None:
        index = ExhibitionIndexPage(title="展览活动", slug="exhibitions")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SHANGHAI)


def make_exhibition(home, *, title="春季植物编艺展", slug=None, starts_in_days=10, days=2,
                    kind="exhibition", capacity=50, sessions=None, live=True,
                    **fields) -> ExhibitionPage:
    """An exhibition starting `starts_in_days` from today in Shanghai (negative: in the past),
    with one morning session per day unless `sessions` [(starts_at, ends_at, capacity)]."""
    index = exhibitions_index(home)
    starts_on = shanghai_today() + timedelta(days=starts_in_days)
    ends_on = starts_on + timedelta(days=days - 1)
    page = ExhibitionPage(
        title=title, slug=slug or f"exhibition-{ExhibitionPage.objects.count() + 1}",
        kind=kind, starts_on=starts_on, ends_on=ends_on, venue="植物编艺博览园",
        address="四川省成都市温江区寿安镇天星村", opening_hours="9:00–17:30", **fields,
    )
    if sessions is None:
        sessions = [(at(starts_on + timedelta(days=n), 9), at(starts_on + timedelta(days=n), 12),
                     capacity) for n in range(days)]
    for starts_at, ends_at, places in sessions:
        page.sessions.add(ExhibitionSession(starts_at=starts_at, ends_at=ends_at,
                                            capacity=places))
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    return ExhibitionPage.objects.get(pk=page.pk)
