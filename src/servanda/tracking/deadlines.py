"""Deadlines at their stated precision, what is due or overdue as of a date, and when a standing mechanism should
next meet by its cadence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from servanda.store.due import due_by

# A commitment still to be delivered, or a mechanism's meeting still "expected".
OPEN_STATUSES = frozenset({"not-assessed", "not-started", "in-progress", "stalled", "expected"})
_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")
_WINDOW = re.compile(r"(\d+)\s*([dwmy])")


@dataclass(frozen=True, slots=True)
class Deadline:
    """Something due: a commitment, or a mechanism's expected meeting."""

    key: str  # stable identity, e.g. "commitment-14" or "mechanism-3"
    title: str
    due: str  # ISO 8601 at its precision
    status: str = "not-assessed"
    detail: str = ""

    @property
    def due_by(self) -> date:
        return due_by(self.due)


def parse_window(text: str) -> timedelta:
    """'90d', '12w', '6m', '1y' → a span of days (a month counts 30 days, a year 365)."""
    m = _WINDOW.fullmatch(text.strip().lower())
    if not m:
        raise ValueError(f"{text!r} is not a window: write e.g. 90d, 12w, 6m or 1y")
    n, unit = int(m.group(1)), m.group(2)
    return timedelta(days=n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit])


def overdue(items: Iterable[Deadline], as_of: date) -> list[Deadline]:
    """Open items whose whole due period ended before `as_of`, oldest first."""
    return sorted((i for i in items if i.status in OPEN_STATUSES and i.due_by < as_of), key=lambda i: i.due_by)


def upcoming(items: Iterable[Deadline], as_of: date, within: timedelta) -> list[Deadline]:
    """Open items due between `as_of` and `as_of + within`, soonest first."""
    end = as_of + within
    return sorted((i for i in items if i.status in OPEN_STATUSES and as_of <= i.due_by <= end), key=lambda i: i.due_by)


def add_duration(start: date, duration: str) -> date:
    """`start` plus an ISO 8601 duration of years, months, weeks and days ("P2Y", "P6M")."""
    m = _DURATION.fullmatch(duration)
    if not m or not any(m.groups()):
        raise ValueError(f"{duration!r} is not an ISO 8601 duration")
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, _month_length(year, month))
    return date(year, month, day) + timedelta(days=7 * weeks + days)


def _month_length(year: int, month: int) -> int:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@dataclass(frozen=True, slots=True)
class NextMeeting:
    expected: str | None  # ISO 8601 at its precision: a stated date, or the last meeting plus the cadence
    basis: str  # "stated" | "cadence" | "unknown"
    overdue: bool


def next_meeting(
    last_held: str | None,
    recurrence: str | None,
    stated_next: str | None,
    *,
    as_of: date,
    held_since: Iterable[str] = (),
) -> NextMeeting:
    """When a mechanism should next meet: the date a statement gave, else the last meeting plus its cadence. It
    is overdue when that date has passed with no meeting evidenced since."""
    later = [h for h in held_since if last_held is None or h > last_held]
    if stated_next:
        expected, basis = stated_next, "stated"
    elif last_held and recurrence:
        expected, basis = add_duration(due_by(last_held), recurrence).isoformat()[: len(last_held)], "cadence"
    else:
        return NextMeeting(None, "unknown", False)
    return NextMeeting(expected, basis, due_by(expected) < as_of and not later)
