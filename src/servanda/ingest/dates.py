"""Absolute calendar dates written in English prose ("February 25, 2026", "12-13 May 2022", "2026-02-25").

Pure and regex-only, so the extract domain can reuse it on every sentence. Values are ISO 8601 strings at the
precision the text gives: YYYY-MM-DD, YYYY-MM or YYYY; a day and month without a year is "--MM-DD", the
truncated form of ISO 8601:2000 that RFC 6350 section 4.3.1 still uses.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9}
_ABBREVIATIONS |= {"Oct": 10, "Nov": 11, "Dec": 12}

MONTH_NUMBERS: dict[str, int] = {name.lower(): i for i, name in enumerate(_FULL_MONTHS, start=1)}
MONTH_NUMBERS |= {abbr.lower(): n for abbr, n in _ABBREVIATIONS.items()}


def _month_alternatives() -> str:
    # Only Title Case and UPPER CASE spellings count: lower-case "may" is the modal verb, never the month.
    full = [f"{m}|{m.upper()}" for m in sorted(_FULL_MONTHS, key=len, reverse=True)]
    short = [f"{a}|{a.upper()}" for a in sorted(_ABBREVIATIONS, key=len, reverse=True)]
    return rf"(?:{'|'.join(full)}|(?:{'|'.join(short)})\.?)(?![A-Za-z])"


_MONTH = _month_alternatives()
_SP = r"(?:[ \t\u00a0]+|[ \t\u00a0]*\n[ \t\u00a0]*)"  # blanks with at most one line break
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"[12]\d{3}(?!\d)"
_TO = r"(?:[ \t\u00a0]*[-–—][ \t\u00a0]*|[ \t\u00a0]+(?:to|and|until|through)[ \t\u00a0]+)"
_DAY_START = r"(?<![\w.,:/-])"


def _group(name: str, body: str) -> str:
    return f"(?P<{name}>{body})"


# Alternatives in the order they are tried at one position: longest forms first, so that "12-13 May 2022" is
# read as one range rather than "13 May 2022", and "May 13, 2023" before the yearless "May 13".
_FORMS: tuple[tuple[str, str], ...] = (
    (
        "dmy_dmy",
        _DAY_START
        + _group("a_d1", _DAY)
        + rf"{_SP}(?:of{_SP})?"
        + _group("a_m1", _MONTH)
        + _TO
        + _group("a_d2", _DAY)
        + _SP
        + _group("a_m2", _MONTH)
        + rf",?{_SP}"
        + _group("a_y", _YEAR),
    ),
    (
        "dd_my",
        _DAY_START
        + _group("b_d1", _DAY)
        + _TO
        + _group("b_d2", _DAY)
        + rf"{_SP}(?:of{_SP})?"
        + _group("b_m", _MONTH)
        + rf",?{_SP}"
        + _group("b_y", _YEAR),
    ),
    (
        "dmy",
        _DAY_START
        + _group("c_d", _DAY)
        + rf"{_SP}(?:of{_SP})?"
        + _group("c_m", _MONTH)
        + rf",?{_SP}"
        + _group("c_y", _YEAR),
    ),
    (
        "md_mdy",
        _group("d_m1", _MONTH)
        + _SP
        + _group("d_d1", _DAY)
        + _TO
        + _group("d_m2", _MONTH)
        + _SP
        + _group("d_d2", _DAY)
        + rf",?{_SP}"
        + _group("d_y", _YEAR),
    ),
    (
        "mdd_y",
        _group("e_m", _MONTH)
        + _SP
        + _group("e_d1", _DAY)
        + _TO
        + _group("e_d2", _DAY)
        + rf",?{_SP}"
        + _group("e_y", _YEAR),
    ),
    ("mdy", _group("f_m", _MONTH) + _SP + _group("f_d", _DAY) + rf",?{_SP}" + _group("f_y", _YEAR)),
    # "2026-02-25" only; "2025-26" (a fiscal year) and "2026-02" are left alone.
    (
        "iso",
        r"(?<![\w-])"
        + _group("g_y", r"[12]\d{3}")
        + "-"
        + _group("g_m", r"[01]\d")
        + "-"
        + _group("g_d", r"[0-3]\d")
        + r"(?![\w-])",
    ),
    ("my", _group("h_m", _MONTH) + rf",?{_SP}" + _group("h_y", _YEAR)),
    ("dm", _DAY_START + _group("i_d", _DAY) + rf"{_SP}(?:of{_SP})?" + _group("i_m", _MONTH)),
    ("md", _group("j_m", _MONTH) + _SP + _group("j_d", _DAY)),
    # A bare year, but not a sum ("$2024"), a number ("1,2024"), a span ("2025-26") or a percentage.
    ("y", r"(?<![\w$£€#.,/-])" + _group("k_y", r"(?:1[89]\d\d|20\d\d)") + r"(?![\w%]|[.,/]\d|-\d)"),
)

# Every form starts with a digit or a capital: the lookahead lets the scan skip all other positions quickly.
_DATE = re.compile("(?=[0-9A-Z])(?:" + "|".join(f"(?P<{kind}>{body})" for kind, body in _FORMS) + ")")
# Numbers after these words are identifiers, not years ("Resolution 2231", "No. 2024").
_NOT_A_YEAR_BEFORE = re.compile(r"(?:resolutions?|no\.?|nos\.?|number|unscr|article|section|rule|order)\s*$", re.I)

PRECISIONS: tuple[str, ...] = ("day", "month", "year")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date written in a text: where it is (`text[start:end]`), its ISO value, and the value's precision."""

    start: int
    end: int
    value: str  # first (or only) day: YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD
    precision: str  # day | month | year
    through: str | None = None  # last day of a range such as "12-13 May 2022", else None

    @property
    def last(self) -> str:
        """The last day the date covers: `through` for a range, else `value`."""
        return self.through or self.value


def find_dates(text: str) -> list[FoundDate]:
    """Return every calendar date written in `text`, in order of appearance, without overlaps."""
    found: list[FoundDate] = []
    pos = 0
    while True:
        match = _DATE.search(text, pos)
        if match is None:
            return found
        date_found = _interpret(match, text)
        if date_found is None:
            pos = match.start() + 1
            continue
        found.append(date_found)
        pos = match.end()


def _interpret(match: re.Match[str], text: str) -> FoundDate | None:
    kind = match.lastgroup
    g = match.group
    start, end = match.start(), match.end()

    def day(y: str | None, m: str, d: str) -> str | None:
        return iso_day(_year(y), _month(m), _day_number(d))

    value: str | None
    through: str | None = None
    match kind:
        case "dmy_dmy":
            value, through = day(g("a_y"), g("a_m1"), g("a_d1")), day(g("a_y"), g("a_m2"), g("a_d2"))
        case "dd_my":
            value, through = day(g("b_y"), g("b_m"), g("b_d1")), day(g("b_y"), g("b_m"), g("b_d2"))
        case "dmy":
            value = day(g("c_y"), g("c_m"), g("c_d"))
        case "md_mdy":
            value, through = day(g("d_y"), g("d_m1"), g("d_d1")), day(g("d_y"), g("d_m2"), g("d_d2"))
        case "mdd_y":
            value, through = day(g("e_y"), g("e_m"), g("e_d1")), day(g("e_y"), g("e_m"), g("e_d2"))
        case "mdy":
            value = day(g("f_y"), g("f_m"), g("f_d"))
        case "iso":
            value = iso_day(int(g("g_y")), int(g("g_m")), int(g("g_d")))
        case "my":
            return FoundDate(start, end, f"{g('h_y')}-{_month(g('h_m')):02d}", "month")
        case "dm":
            value = day(None, g("i_m"), g("i_d"))
        case "md":
            value = day(None, g("j_m"), g("j_d"))
        case _:
            if _NOT_A_YEAR_BEFORE.search(text, max(0, start - 16), start):
                return None
            return FoundDate(start, end, g("k_y"), "year")
    if value is None or (kind in {"dmy_dmy", "dd_my", "md_mdy", "mdd_y"} and (through is None or through <= value)):
        return None
    return FoundDate(start, end, value, "day", through)


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _month(text: str) -> int:
    return MONTH_NUMBERS[text.rstrip(".").lower()]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def iso_day(year: int | None, month: int, day: int) -> str | None:
    """Return the ISO form of a calendar day, "--MM-DD" when the year is unknown, or None if no such day."""
    if not 1 <= month <= 12 or day < 1:
        return None
    # 2000 is a leap year, so a yearless 29 February stays valid.
    if day > calendar.monthrange(year or 2000, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


_ISO_VALUE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")


def parse_iso_date(value: str) -> str | None:
    """Return `value` if it is an ISO date at day, month or year precision (2026-02-25, 2026-02, 2026)."""
    match = _ISO_VALUE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = match["y"], match["m"], match["d"]
    if month is None:
        return year if year != "0000" else None
    if day is None:
        return f"{year}-{month}" if 1 <= int(month) <= 12 and year != "0000" else None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
