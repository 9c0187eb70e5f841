"""Pure tracking rules: status vocabulary, G7 Research Group scores, OGP view, deadlines, cadence, calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from servanda.tracking.calendar import build_calendar
from servanda.tracking.deadlines import Deadline, add_duration, next_meeting, overdue, parse_window, upcoming
from servanda.tracking.status import (
    STATUSES,
    ScoreError,
    compliance,
    delivered_status,
    format_score,
    ogp_completion,
    parse_score,
)


def test_the_status_vocabulary_is_the_documented_one() -> None:
    assert list(STATUSES) == [
        "not-assessed",
        "not-started",
        "in-progress",
        "delivered",
        "delivered-late",
        "stalled",
        "abandoned",
        "superseded",
    ]


@pytest.mark.parametrize(("text", "score"), [("+1", 1), ("1", 1), ("0", 0), ("-1", -1), ("−1", -1), ("n/a", None)])
def test_scores_read_on_the_g7_research_group_scale(text: str, score: int | None) -> None:
    assert parse_score(text) == score


@pytest.mark.parametrize("text", ["2", "+0.5", "yes", "-2"])
def test_anything_else_is_not_a_score(text: str) -> None:
    with pytest.raises(ScoreError):
        parse_score(text)


def test_not_yet_assessed_is_never_counted_as_zero() -> None:
    result = compliance([1, None, 0, None])
    assert (result.mean, result.assessed, result.not_assessed) == (0.5, 2, 2)
    assert result.percent == 75.0
    assert compliance([None, None]).mean is None and compliance([None]).percent is None
    assert format_score(None) == "n/a" and format_score(1) == "+1" and format_score(-1) == "-1"


def test_the_percentage_is_the_g7_research_group_one() -> None:
    assert compliance([-1, -1]).percent == 0.0
    assert compliance([1, 0, -1, 1]).percent == pytest.approx(62.5)


@pytest.mark.parametrize(
    ("status", "evidence", "level"),
    [
        ("not-assessed", False, "no evidence available"),
        ("not-started", False, "not started"),
        ("in-progress", False, "no evidence available"),
        ("in-progress", True, "substantial"),
        ("stalled", True, "limited"),
        ("delivered", True, "complete"),
        ("delivered-late", True, "complete"),
    ],
)
def test_the_same_status_in_ogp_completion_terms(status: str, evidence: bool, level: str) -> None:
    assert ogp_completion(status, evidence=evidence) == level


def test_delivery_after_the_due_date_is_late() -> None:
    assert delivered_status(date(2026, 12, 31), date(2027, 1, 5)) == "delivered-late"
    assert delivered_status(date(2026, 12, 31), date(2026, 6, 1)) == "delivered"
    assert delivered_status(None, date(2026, 6, 1)) == "delivered"


ITEMS = [
    Deadline("commitment-1", "Cyber Policy Consultations", "2026-03", "not-assessed"),
    Deadline("commitment-2", "Air Force Staff Talks terms of reference", "2026", "in-progress"),
    Deadline("commitment-3", "Already done", "2026-02", "delivered"),
    Deadline("commitment-4", "Next 2+2", "2028", "not-assessed"),
]


def test_overdue_items_are_open_ones_whose_whole_period_has_passed() -> None:
    assert [i.key for i in overdue(ITEMS, date(2026, 4, 1))] == ["commitment-1"]
    assert overdue(ITEMS, date(2026, 3, 31)) == []  # "March 2026" is due by 31 March


def test_upcoming_items_fall_inside_the_window() -> None:
    assert [i.key for i in upcoming(ITEMS, date(2026, 10, 15), parse_window("90d"))] == ["commitment-2"]
    assert parse_window("12w").days == 84
    with pytest.raises(ValueError):
        parse_window("soon")


def test_a_mechanisms_next_meeting_follows_its_cadence_or_a_stated_date() -> None:
    assert add_duration(date(2024, 2, 29), "P1Y") == date(2025, 2, 28)
    by_cadence = next_meeting("2026-02-25", "P2Y", None, as_of=date(2028, 6, 1))
    assert (by_cadence.expected, by_cadence.basis, by_cadence.overdue) == ("2028-02-25", "cadence", True)
    met = next_meeting("2026-02-25", "P2Y", None, as_of=date(2028, 6, 1), held_since=["2028-03-02"])
    assert not met.overdue
    stated = next_meeting("2026-02-25", "P2Y", "2028", as_of=date(2027, 1, 1))
    assert (stated.expected, stated.basis, stated.overdue) == ("2028", "stated", False)
    assert next_meeting(None, None, None, as_of=date(2027, 1, 1)).basis == "unknown"


def test_the_calendar_is_valid_icalendar_with_one_all_day_event_per_item() -> None:
    ics = build_calendar(ITEMS, stamp=datetime(2026, 11, 29, tzinfo=UTC))
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR" in ics
    parsed = Calendar.from_ical(ics)
    events = list(parsed.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"commitment-{n}@servanda.local" for n in (1, 2, 3, 4)]
    first = events[0]
    assert first.decoded("dtstart") == date(2026, 3, 31)
    assert first.decoded("dtend") == date(2026, 4, 1)
    assert "Due 2026-03" in str(first["description"])
    assert str(parsed["version"]) == "2.0" and "Servanda" in str(parsed["prodid"])
