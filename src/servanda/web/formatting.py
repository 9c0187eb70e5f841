"""How values read on a page: parties by name, scores on the G7 Research Group scale, statuses and strengths in
words, dates and times in ISO 8601. Registered as Jinja filters in `templating`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from markupsafe import Markup

from servanda.reference.parties import party_name
from servanda.tracking.status import STATUSES, format_score

# What each strength means, and how the reading view marks it besides its colour (docs/extraction.md).
STRENGTHS: dict[str, tuple[str, str]] = {
    "firm": ("will, shall, commit to, agree to", "solid underline"),
    "reaffirmed": ("reaffirm, reiterate, remain committed", "double underline"),
    "position": ("support, oppose, stand with", "dashed underline"),
    "aspirational": ("look forward to, be keen to, aim, explore", "dotted underline"),
}


def party(code: str) -> str:
    """A party's name for the page ("Republic of Korea"); an unknown code as it is."""
    return party_name(code)


def parties(codes: Iterable[str]) -> str:
    return ", ".join(party_name(code) for code in codes)


def score(value: int | None) -> str:
    """+1, 0, −1, or n/a for a party not yet assessed (never 0)."""
    return format_score(value).replace("-", "−")


def mean(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}".replace("-", "−")


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def words(value: str | None) -> str:
    """A vocabulary term as words: "in-progress" → "in progress", "economic-security" → "economic security"."""
    return (value or "").replace("-", " ")


def status_meaning(status: str) -> str:
    return STATUSES.get(status, "")


def moment(value: datetime | None) -> str:
    """A stored time in UTC, to the minute: 2026-02-25 14:03 UTC."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def css_string(value: str) -> Markup:
    """Text as the inside of a CSS string, for a print stylesheet's page margins: quotes, backslashes and angle
    brackets escaped as CSS escapes (HTML escaping does not apply inside <style>)."""
    escaped = "".join(f"\\{ord(c):X} " if c in "\"\\<>&'" or ord(c) < 32 else c for c in value)
    return Markup(escaped)


FILTERS = {
    "party": party,
    "parties": parties,
    "score": score,
    "mean": mean,
    "percent": percent,
    "words": words,
    "status_meaning": status_meaning,
    "moment": moment,
    "css_string": css_string,
}
