"""A statement's title when nothing but its text gives one: the first line, if it reads like a title."""

from __future__ import annotations

import re

from servanda.ingest.dates import find_dates

_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_NOT_A_TITLE_END = re.compile(r"[.,;:!]$")
_LIST_ITEM = re.compile(r"^(?:- |\d{1,3}[.)] )")


def infer_title(text: str) -> str | None:
    """Return the first line of `text` if it looks like a title: short, no closing period, not a dateline."""
    first = text.lstrip().split("\n", 1)[0].strip()
    words = first.split()
    if not 2 <= len(words) <= _MAX_TITLE_WORDS or len(first) > _MAX_TITLE_CHARS:
        return None
    if _NOT_A_TITLE_END.search(first) or _LIST_ITEM.match(first) or first[0] in "\"'(":
        return None
    # A dateline ("November 1, 2024 – Ottawa, Ontario") has its date at or near the start.
    if any(found.precision == "day" and found.start < 40 for found in find_dates(first)):
        return None
    return first
