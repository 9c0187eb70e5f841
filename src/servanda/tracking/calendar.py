"""An RFC 5545 calendar of deadlines and expected meetings that common calendar applications open.

Each item is an all-day event on the last day its due date covers ("2026" → 31 December 2026), so a deadline
stated to the year shows up at the end of that year rather than pretending to a precision it does not have.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from servanda.tracking.deadlines import Deadline

PRODUCT_ID = "-//Servanda//Commitment tracker//EN"


def build_calendar(
    items: Iterable[Deadline],
    *,
    name: str = "Servanda deadlines",
    stamp: datetime | None = None,
    domain: str = "servanda.local",
) -> bytes:
    """The calendar as iCalendar bytes (CRLF line endings, folded lines, as RFC 5545 requires)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    now = stamp or datetime.now(UTC)
    for item in items:
        day = item.due_by
        event = Event()
        event.add("uid", f"{item.key}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))  # all-day events end on the following day (exclusive)
        event.add("summary", item.title)
        description = f"Due {item.due} (by {day.isoformat()}). Status: {item.status}."
        event.add("description", f"{description}\n{item.detail}".strip())
        event.add("categories", ["meeting" if item.key.startswith("mechanism") else "deadline"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
