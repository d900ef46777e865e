"""The village's calendar day, whatever the server's time zone: exhibitions turn from
"upcoming" to "past" and a news article is dated by midnight in Shanghai, not in UTC."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_today(now=None) -> date:
    """The calendar day in the village at `now` (default: this moment)."""
    return timezone.localtime(now or timezone.now(), SHANGHAI).date()
