"""Calendar files, parsed back with icalendar: one event per session, Asia/Shanghai times,
UIDs that do not change between requests; and the feed of upcoming exhibitions."""

from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.exhibitions.factories import at, make_exhibition

pytestmark = pytest.mark.django_db


def test_exhibition_ics_has_one_event_per_session_in_shanghai_time(client, index):
    exhibition = make_exhibition(index.get_parent(), title="春季展", days=2)
    first = client.get(exhibition.url + "calendar/")
    assert first.status_code == 200 and first["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(first.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    start = events[0].decoded("dtstart")
    assert start == at(exhibition.starts_on, 9)
    assert start.tzinfo.key == "Asia/Shanghai" or str(start.tzinfo) == "Asia/Shanghai"
    assert events[0]["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Shanghai"
    assert events[0].decoded("dtend").astimezone(ZoneInfo("UTC")).hour == 4  # 12:00 in Shanghai
    second = Calendar.from_ical(client.get(exhibition.url + "calendar/").content)
    assert [e["uid"] for e in second.walk("VEVENT")] == [e["uid"] for e in events]
    assert len({str(e["uid"]) for e in events}) == 2


def test_feed_lists_upcoming_sessions_only(client, index):
    home = index.get_parent()
    make_exhibition(home, title="冬季集市", days=1)
    make_exhibition(home, title="去年的展", starts_in_days=-300, days=1)
    response = client.get("/exhibitions/calendar.ics")
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["冬季集市"]
