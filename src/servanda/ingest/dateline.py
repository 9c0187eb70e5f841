"""The date a statement was issued, read from its opening: a dateline, else the day the parties met."""

from __future__ import annotations

import re
from pathlib import PurePath

from servanda.ingest.dates import FoundDate, find_dates, iso_day

OPENING_CHARS = 1500
# A dateline's lead-in is a place ("GYEONGJU, Republic of Korea, ", "OTTAWA, ON, ") or a label ("Date: ").
_DATELINE_PREFIX = re.compile(
    r"(?:[A-Z][\w.'’-]*(?:[ ,]+[\w.'’-]+){0,6}[ ]*[,:–—-][ ]*|(?:Date|Dated|Issued)[ ]*:?[ ]*)"
)
_MAX_PREFIX = 60
# Words that make a sentence's date the day of the meeting it reports.
_MEETING = re.compile(
    r"\b(?:met|meet|meeting|meets|gather(?:ed)?|convened?|held|hosted|hosting|visited|summit|dialogue|talks)\b",
    re.I,
)
_ON_BEFORE = re.compile(r"\b(?:on|from)[ \t]+$")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def infer_date(text: str) -> str | None:
    """Return the issue date (ISO; a range's last day) from a statement's opening, or None if unclear."""
    opening = text[:OPENING_CHARS]
    days = [found for found in find_dates(opening) if found.precision == "day" and not found.value.startswith("--")]
    for found in days:
        if _is_dateline(opening, found):
            return found.last
    for found in days:
        if _is_meeting_day(opening, found):
            return found.last
    return None


def _is_dateline(opening: str, found: FoundDate) -> bool:
    line_start = opening.rfind("\n", 0, found.start) + 1
    prefix = opening[line_start : found.start]
    return not prefix.strip() or (len(prefix) <= _MAX_PREFIX and _DATELINE_PREFIX.fullmatch(prefix) is not None)


def _is_meeting_day(opening: str, found: FoundDate) -> bool:
    before = opening[: found.start]
    if not _ON_BEFORE.search(before):
        return False
    sentence_start = max(before.rfind(". "), before.rfind("\n"), 0)
    return _MEETING.search(before, sentence_start) is not None


def date_from_name(name: str | None) -> str | None:
    """Return the ISO date a file name carries ("2026-02-25_canada-korea_2plus2.txt"), if any."""
    if not name:
        return None
    match = _NAME_DATE.search(PurePath(name).name)
    return iso_day(int(match[1]), int(match[2]), int(match[3])) if match else None
