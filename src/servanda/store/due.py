"""The first and last calendar days a partial ISO 8601 date covers, so deadlines compare as ranges."""

from __future__ import annotations

import calendar
import re
from datetime import date

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def due_by(due: str | None) -> date | None:
    """Return the last day `due` covers (`2026` → 2026-12-31, `2026-03` → 2026-03-31); None for None."""
    if due is None:
        return None
    match = _PARTIAL_DATE.fullmatch(due)
    if match is None:
        raise ValueError(f"not an ISO 8601 year, month or day: {due!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return date(year, 12, 31)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"not a calendar date: {due!r}") from None


def first_day(when: str) -> date:
    """Return the first day a partial ISO 8601 date covers (`2026` → 2026-01-01, `2026-03` → 2026-03-01)."""
    match = _PARTIAL_DATE.fullmatch(when)
    if match is None:
        raise ValueError(f"not an ISO 8601 year, month or day: {when!r}")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"not a calendar date: {when!r}") from None
