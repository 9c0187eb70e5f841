"""Due dates and recurrences of undertakings, at the precision the text states them.

Conventions from ../shared/spec/commitments.md: "in March 2026" = `2026-03`; "in 2026" = `2026`; "by the end of
2027" = `2027`; relative expressions ("next year", "within six months") resolve against the statement's date;
seasons and vague periods resolve to their year; "within this decade" = the decade's last year; no date = None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_YEAR = r"(?:19|20)\d\d"
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "a": 1,
}
_COUNT = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty|a)"
_SEASON = r"(?i:spring|summer|fall|autumn|winter)"
# Words after which a date tells when something was done, not when it is due.
_PAST_LEAD = re.compile(
    r"\b(?:since|launched|held|signed|adopted|established|agreed|created|announced|began|started|took\s+place|"
    r"met|was|were|have|has|had|ago|last|previous|earlier|convened|hosted|released|concluded|entered)\b[^.;]{0,40}$",
    re.IGNORECASE,
)

_PATTERNS: list[tuple[str, str]] = [
    ("full_mdy", rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})\b"),
    ("full_dmy", rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})\b"),
    ("iso", rf"\b(?P<year>{_YEAR})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    (
        "year_range",
        rf"\b(?:between|from)\s+(?P<first>{_YEAR})\s+(?:and|to|through|until)\s+(?P<year>{_YEAR})\b",
    ),
    (
        "day_month",
        rf"\b(?:on|by|before|until)\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})|"
        rf"(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)\b(?!,?\s*\d)",
    ),
    ("month_year", rf"\b(?P<month>{_MONTH})\s+(?:of\s+)?(?P<year>{_YEAR})\b"),
    (
        "end_of_year",
        rf"\b(?:by|before|until|through|to)\s+the\s+end\s+of\s+(?:the\s+)?(?:(?:fiscal|calendar)\s+)?"
        rf"(?P<year>{_YEAR})\b",
    ),
    ("this_decade", r"\b(?:this|the\s+current)\s+decade\b"),
    (
        "next_n",
        rf"\b(?:over|within|in|during|for)\s+(?:the\s+)?(?:next|coming|following)\s+(?P<count>{_COUNT})?\s*"
        r"(?P<unit>decade|years?|months?|weeks?|days?)\b",
    ),
    ("within_n", rf"\bwithin\s+(?P<count>{_COUNT})\s+(?P<unit>decades?|years?|months?|weeks?|days?)\b"),
    ("next_year", r"\b(?:next|the\s+coming)\s+year\b"),
    (
        "this_year",
        r"\b(?:this|the\s+current)\s+year\b|\bby\s+the\s+end\s+of\s+the\s+year\b|\b(?:later|earlier)\s+this"
        r"\s+year\b|\bover\s+the\s+course\s+of\s+the\s+year\b|\byear-end\b",
    ),
    (
        "this_season",
        rf"\b(?i:this|later\s+this|by\s+this|before\s+this|by\s+the\s+end\s+of\s+this)\s+{_SEASON}\b",
    ),
    ("coming_short", r"\b(?:in\s+(?:the\s+)?)?coming\s+(?:days|weeks)\b"),
    ("coming_months", r"\b(?:in\s+(?:the\s+)?)?coming\s+months\b"),
    (
        "month_alone",
        rf"\b(?:in|by|during|until|from|before|early|late|mid-?|planned\s+in|scheduled\s+for|this)\s+"
        rf"(?P<month>{_MONTH})(?!\s*(?:\d|of\s+\d))\b(?:\s+this\s+year)?",
    ),
    (
        "year",
        rf"(?P<lead>\b(?:in|by|before|until|through|during|for|from|starting|beginning|no\s+later\s+than|"
        rf"not\s+later\s+than|as\s+early\s+as|throughout|the|its|their|our|'s|’s)\s+)?(?P<year>{_YEAR})\b"
        rf"(?P<tail>\s*[-–]\s*{_YEAR}|\s+[A-Za-z]+)?",
    ),
]


def _compile() -> re.Pattern[str]:
    parts = []
    for name, pattern in _PATTERNS:
        # Group names must be unique across the alternation: suffix each inner group with its pattern's name.
        inner = re.sub(r"\(\?P<(\w+)>", lambda m, n=name: f"(?P<{m.group(1)}__{n}>", pattern)
        parts.append(f"(?P<{name}>{inner})")
    return re.compile("|".join(parts))


_DATE = _compile()


def _group(m: re.Match[str], kind: str, field: str) -> str | None:
    return m.group(f"{field}__{kind}")


def find_due(text: str, *, on: str | None = None) -> str | None:
    """The first future date stated in `text`, as ISO 8601 at its precision, resolved against the date `on`."""
    if not _MAY_HOLD_DATE.search(text):
        return None
    today = parse_on(on)
    for m in _DATE.finditer(text):
        value = _resolve(m, text, today)
        if value is not None:
            return value
    return None


# Most undertakings state no date. Every date pattern needs one of these (case as in the patterns: month names
# capitalised, "may" the modal verb), so an undertaking without any skips the full date scan.
_MAY_HOLD_DATE = re.compile(
    r"(?:19|20)\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|decade|year|month|week|day|"
    r"(?i:spring|summer|fall|autumn|winter)"
)


# "within 6 months of the date of this Framework" counts from the statement itself.
_FROM_NOW = re.compile(
    r"\s+(?:of|after|from)\s+(?:the\s+date\s+of\s+)?(?:this|today|the\s+(?:date|signing)\s+of\s+"
    r"this)\b",
    re.IGNORECASE,
)


def parse_on(on: str | None) -> date | None:
    """The statement date `on` (ISO, at any precision) as a date, or None when it is missing or malformed."""
    if not on:
        return None
    try:
        parts = [int(p) for p in on.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _resolve(m: re.Match[str], text: str, today: date | None) -> str | None:
    kind = m.lastgroup or ""
    if kind in ("full_mdy", "full_dmy", "iso"):
        year = int(_group(m, kind, "year"))
        month = int(_group(m, kind, "mnum")) if kind == "iso" else _month(_group(m, kind, "month"))
        day = int(_group(m, kind, "day"))
        if not 1 <= day <= 31 or not 1 <= month <= 12:
            return None
        if _is_past(text, m.start(), (year, month, day), today):
            return None
        if today is not None and (year, month, day) == (today.year, today.month, today.day):
            return None  # the day the statement was made ("on this occasion of March 12, 2021"), not a deadline
        return f"{year:04d}-{month:02d}-{day:02d}"
    if kind == "month_year":
        year, month = int(_group(m, kind, "year")), _month(_group(m, kind, "month"))
        if _is_past(text, m.start(), (year, month, 31), today):
            return None
        return f"{year:04d}-{month:02d}"
    if kind == "year_range":
        year = int(_group(m, kind, "year"))
        return None if _is_past(text, m.start(), (year, 12, 31), today) else f"{year:04d}"
    if kind == "day_month" and today is not None:
        month = _month(_group(m, kind, "month") or _group(m, kind, "month2"))
        day = int(_group(m, kind, "day") or _group(m, kind, "day2"))
        if not 1 <= day <= 31:
            return None
        year = today.year + (1 if (month, day) < (today.month, today.day) else 0)
        return f"{year:04d}-{month:02d}-{day:02d}"
    if kind == "end_of_year":
        year = int(_group(m, kind, "year"))
        return None if _is_past(text, m.start(), (year, 12, 31), today) else f"{year:04d}"
    if today is None:
        return _resolve_absolute_year(m, text, kind, today)
    if kind == "this_decade":
        return f"{((today.year - 1) // 10 + 1) * 10:04d}"
    if kind in ("next_n", "within_n"):
        if re.match(r"\s+(?:of|after|following|from)\b", text[m.end() :]) and not _FROM_NOW.match(text[m.end() :]):
            return None  # tied to an event of unknown date ("within six months of entry into force")
        count, unit = _group(m, kind, "count"), _group(m, kind, "unit").lower()
        if count is None and unit in ("months", "weeks", "days"):
            return f"{today.year:04d}" if unit == "months" else f"{today.year:04d}-{today.month:02d}"
        return _add_period(today, count, unit)
    if kind == "next_year":
        return f"{today.year + 1:04d}"
    if kind in ("this_year", "this_season", "coming_months"):
        return f"{today.year:04d}"
    if kind == "coming_short":
        return f"{today.year:04d}-{today.month:02d}"
    if kind == "month_alone":
        month = _month(_group(m, kind, "month"))
        if m.group(0).lower().startswith("may") or _group(m, kind, "month") == "may":
            return None
        year = today.year + (1 if month < today.month else 0)
        return f"{year:04d}-{month:02d}"
    return _resolve_absolute_year(m, text, kind, today)


def _resolve_absolute_year(m: re.Match[str], text: str, kind: str, today: date | None) -> str | None:
    if kind != "year":
        return None
    year = int(_group(m, kind, "year"))
    lead = (_group(m, kind, "lead") or "").strip().lower()
    tail = _group(m, kind, "tail") or ""
    if re.match(r"\s*[-–]", tail):
        return None  # a span of years names a period or a programme ("Work Plan IV (2021-2025)")
    if not lead:
        # A bare year counts only as an attribute of a lowercase noun after a lowercase word ("and 2050 net
        # zero"); after a name or a parenthesis it is part of the name ("(MPAC) 2025").
        word = tail.strip()
        previous = re.search(r"(\S+)\s*$", text[max(0, m.start() - 30) : m.start()])
        prev = previous.group(1) if previous else ""
        if not word or not word[0].islower() or not prev or not prev[0].islower() or prev[-1] in ")]":
            return None
    elif lead == "the":
        word = tail.strip()
        if not word or not word[0].islower():
            return None
    if _is_past(text, m.start(), (year, 12, 31), today):
        return None
    return f"{year:04d}"


def _is_past(text: str, pos: int, ymd: tuple[int, int, int], today: date | None) -> bool:
    if today is not None:
        year, month, day = ymd
        if (year, month, min(day, 28)) < (today.year, today.month, 1) and (year, month) != (
            today.year,
            today.month,
        ):
            return True
        if year < today.year:
            return True
    window = text[max(0, pos - 60) : pos]
    m = _PAST_LEAD.search(window)
    # "to be held in 2028" and "will be launched in 2026" look ahead, not back.
    return bool(m) and not re.search(r"\b(?:to|will|shall|would)\s+(?:be\s+)?$", window[: m.start()])


def _add_period(today: date, count: str | None, unit: str) -> str:
    n = int(count) if count and count.isdigit() else _NUMBERS.get((count or "a").lower(), 1)
    unit = unit.lower().rstrip("s")
    if unit == "decade":
        return f"{today.year + 10 * n:04d}"
    if unit == "year":
        return f"{today.year + n:04d}"
    if unit == "month":
        months = today.year * 12 + today.month - 1 + n
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    # Days and weeks are stated to the day: "within 180 days" of 2025-10-20 is 2026-04-18.
    return (today + timedelta(days=n * (7 if unit == "week" else 1))).isoformat()


# Recurrence: ISO 8601 durations for a standing mechanism's cadence.
_RECURRENCES: list[tuple[str, str]] = [
    (
        r"\b(?:semi-?annual(?:ly)?|bi-?annual(?:ly)?|twice\s+(?:a|per|each|every)\s+year|twice\s+yearly|every\s+six\s+"
        r"months|half-?yearly)\b",
        "P6M",
    ),
    (
        r"\b(?:biennial(?:ly)?|every\s+(?:two|2)\s+years|every\s+other\s+year|once\s+every\s+two\s+years)\b",
        "P2Y",
    ),
    (r"\b(?:triennial(?:ly)?|every\s+(?:three|3)\s+years)\b", "P3Y"),
    (r"\bevery\s+(?:four|4)\s+years\b", "P4Y"),
    (r"\bevery\s+(?:five|5)\s+years\b", "P5Y"),
    (r"\b(?:annual(?:ly)?|every\s+year|each\s+year|yearly|once\s+a\s+year|per\s+year)\b", "P1Y"),
    (r"\b(?:quarterly|every\s+(?:three|3)\s+months)\b", "P3M"),
    (r"\b(?:monthly|every\s+month|each\s+month)\b", "P1M"),
]
_RECURRENCE = re.compile("|".join(f"({p})" for p, _ in _RECURRENCES), re.IGNORECASE)
_RECURRENCE_VALUES = [v for _, v in _RECURRENCES]
_MAY_RECUR = re.compile(r"annual|ennial|every|each|yearly|monthly|quarterly|twice|per\s+year|once\s+a")
_NOT_CADENCE = re.compile(
    r"\b(?:annual\s+(?:report|budget|growth|rate|income|output|production|emissions|"
    r"revenue|salary|leave|general\s+meeting|meetings?\s+of\s+the\s+UN)|per\s+year)\b",
    re.IGNORECASE,
)


def find_recurrence(text: str) -> str | None:
    """The cadence stated in `text` ("on a biennial basis" = P2Y), or None."""
    if not _MAY_RECUR.search(text.lower()):
        return None
    for m in _RECURRENCE.finditer(text):
        if _NOT_CADENCE.match(text, m.start()):
            continue
        return _RECURRENCE_VALUES[m.lastindex - 1]
    return None


_PAST_DATE = re.compile(
    rf"\b(?:(?P<month>{_MONTH})\s+(?:(?P<day>\d{{1,2}}),?\s+)?)?(?P<year>{_YEAR})\b(?!\s*[-–]\s*{_YEAR})"
)


def find_past_date(text: str, *, on: str | None = None) -> str | None:
    """The latest date in `text` that is not after `on`: when a reported deed was done."""
    today = parse_on(on)
    best: tuple[tuple[int, int, int], str] | None = None
    for m in _PAST_DATE.finditer(text):
        year = int(m.group("year"))
        month = _month(m.group("month")) if m.group("month") else 0
        day = int(m.group("day")) if m.group("day") else 0
        if today is not None and (year, month, day) > (today.year, today.month, today.day):
            continue
        value = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
        if best is None or (year, month, day) > best[0]:
            best = ((year, month, day), value)
    return best[1] if best else None
