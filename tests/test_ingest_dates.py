"""Dates written in statements: find_dates, ISO validation, and the issue date read from an opening."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.ingest.dateline import date_from_name, infer_date
from servanda.ingest.dates import find_dates, parse_iso_date


@pytest.mark.parametrize(
    ("text", "written", "value", "precision", "through"),
    [
        ("met on February 25, 2026.", "February 25, 2026", "2026-02-25", "day", None),
        ("Tokyo, 25 February 2026", "25 February 2026", "2026-02-25", "day", None),
        ("GYEONGJU, Oct. 30, 2025 /CNW/", "Oct. 30, 2025", "2025-10-30", "day", None),
        ("Sept. 21, 2024", "Sept. 21, 2024", "2024-09-21", "day", None),
        ("in Washington, D.C., on 12-13 May 2022.", "12-13 May 2022", "2022-05-12", "day", "2022-05-13"),
        ("from June 15–17, 2025", "June 15–17, 2025", "2025-06-15", "day", "2025-06-17"),
        ("30 April – 2 May 2023", "30 April – 2 May 2023", "2023-04-30", "day", "2023-05-02"),
        ("issued 2026-02-25.", "2026-02-25", "2026-02-25", "day", None),
        ("20 May 2023, Hiroshima", "20 May 2023", "2023-05-20", "day", None),
        ("the 25th of February 2026", "25th of February 2026", "2026-02-25", "day", None),
        ("NOVEMBER 1, 2024 – OTTAWA", "NOVEMBER 1, 2024", "2024-11-01", "day", None),
        ("directed in May 2023 to", "May 2023", "2023-05", "month", None),
        ("before 13 May.", "13 May", "--05-13", "day", None),
        ("host the summit in 2027.", "2027", "2027", "year", None),
    ],
)
def test_find_dates_reads_written_dates(
    text: str, written: str, value: str, precision: str, through: str | None
) -> None:
    (found,) = find_dates(text)
    assert text[found.start : found.end] == written
    assert (found.value, found.precision, found.through) == (value, precision, through)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("The parties may consider further steps.", []),
        ("May we never again see such a war.", []),
        ("Both sides may 2 or 3 times a year meet.", []),
        ("UN Security Council Resolution 2231 remains in force.", []),
        ("a budget of $2024 million", []),
        ("the 2025-26 fiscal year", []),
        ("31 June 2024 is not a day", ["2024-06"]),
    ],
)
def test_find_dates_leaves_non_dates_alone(text: str, values: list[str]) -> None:
    assert [found.value for found in find_dates(text)] == values


def test_find_dates_keeps_order_and_offsets() -> None:
    text = "Signed 8 January 2016 in Tokyo; next meeting in 2017; see also March 3, 2016."
    found = find_dates(text)
    assert [f.value for f in found] == ["2016-01-08", "2017", "2016-03-03"]
    assert [text[f.start : f.end] for f in found] == ["8 January 2016", "2017", "March 3, 2016"]


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2026-02-25", "2026-02-25"), ("2026-02", "2026-02"), ("2026", "2026"), (" 2024-02-29 ", "2024-02-29")],
)
def test_parse_iso_date_accepts_day_month_and_year(value: str, iso: str) -> None:
    assert parse_iso_date(value) == iso


@pytest.mark.parametrize("value", ["2023-02-29", "2026-13", "25/02/2026", "February 25, 2026", "26", ""])
def test_parse_iso_date_refuses_anything_else(value: str) -> None:
    assert parse_iso_date(value) is None


@pytest.mark.parametrize(
    ("opening", "iso"),
    [
        ("November 1, 2024 – Ottawa, Ontario – Global Affairs Canada\nWe, the ministers...", "2024-11-01"),
        ("20 May 2023, Hiroshima\n\nToday, we met.", "2023-05-20"),
        ("GYEONGJU, Republic of Korea, Oct. 30, 2025 /CNW/ - We, Prime Minister Mark Carney", "2025-10-30"),
        ("Title\n\nWe met in Ottawa on February 25, 2026, for the second meeting.", "2026-02-25"),
        ("WE gather in Washington, D.C., on 12-13 May 2022.", "2022-05-13"),
        ("January 8, 2016\n\n1. The Ministers met in Tokyo on 8 January 2016.", "2016-01-08"),
    ],
)
def test_infer_date_reads_the_dateline_or_meeting_day(opening: str, iso: str) -> None:
    assert infer_date(opening) == iso


@pytest.mark.parametrize(
    "opening",
    [
        "As directed by the leaders in May 2023, we agreed to an Action Plan.",
        "We recall the Joint Statement issued on January 3, 2022, on nuclear war.",
        "We, the leaders, met today for the first Summit between our countries.",
    ],
)
def test_infer_date_gives_none_without_a_clear_issue_date(opening: str) -> None:
    assert infer_date(opening) is None


def test_infer_date_looks_only_at_the_opening() -> None:
    assert infer_date("x " * 1000 + "met on February 25, 2026") is None


def test_date_from_name_reads_an_iso_prefix() -> None:
    assert date_from_name("eval/2026-02-25_canada-korea_2plus2.txt") == "2026-02-25"
    assert date_from_name("2026-02-30_bad.txt") is None
    assert date_from_name("statement.txt") is None


@settings(max_examples=200)
@given(st.text())
def test_find_dates_never_raises_and_its_spans_slice_the_text(text: str) -> None:
    found = find_dates(text)
    previous_end = 0
    for date in found:
        assert previous_end <= date.start < date.end <= len(text)
        assert date.precision in {"day", "month", "year"}
        previous_end = date.end


_SUBJECTS = st.sampled_from(["We", "The parties", "Canada", "The Ministers", "Leaders", "Both sides", "it"])
_TAILS = st.lists(
    st.one_of(
        st.sampled_from(["consider", "meet", "review", "2", "12", "2023", "the", "plan", "in", "June"]),
        st.integers(min_value=0, max_value=3000).map(str),
    ),
    max_size=6,
)


@given(_SUBJECTS, _TAILS)
def test_modal_may_is_never_read_as_a_month(subject: str, tail: list[str]) -> None:
    for sentence in (f"{subject} may {' '.join(tail)}.", f"May {subject.lower()} {' '.join(tail)}?"):
        modal = sentence.lower().index("may")
        assert not any(found.start <= modal < found.end for found in find_dates(sentence)), sentence
