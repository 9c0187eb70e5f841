"""The store's pure functions: the last day a partial date covers, and the keys that match names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servanda.store.due import due_by
from servanda.store.keys import name_key


@pytest.mark.parametrize(
    ("due", "last_day"),
    [
        ("2026", date(2026, 12, 31)),
        ("2026-03", date(2026, 3, 31)),
        ("2026-02", date(2026, 2, 28)),
        ("2024-02", date(2024, 2, 29)),
        ("2026-04", date(2026, 4, 30)),
        ("2026-03-15", date(2026, 3, 15)),
        (None, None),
    ],
)
def test_due_by_is_the_last_day_the_due_date_covers(due: str | None, last_day: date | None) -> None:
    assert due_by(due) == last_day


@pytest.mark.parametrize("due", ["", "26", "2026-3", "2026-13", "2026-02-30", "2026-00", "March 2026", "2026-03-15T10"])
def test_due_by_refuses_what_is_not_an_iso_year_month_or_day(due: str) -> None:
    with pytest.raises(ValueError, match=repr(due).replace("[", r"\[")):
        due_by(due)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_due_by_of_a_day_month_or_year_ends_in_that_period(day: date) -> None:
    assert due_by(day.isoformat()) == day
    month_end = due_by(day.isoformat()[:7])
    assert month_end is not None and (month_end.year, month_end.month) == (day.year, day.month)
    assert month_end >= day and (month_end + timedelta(days=1)).day == 1
    assert due_by(str(day.year)) == date(day.year, 12, 31)


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ["2+2 Ministerial Meeting", "2+2  ministerial\tmeeting", " 2+2 MINISTERIAL MEETING "],
            "2+2 ministerial meeting",
        ),
        (
            [
                "Canada-ROK Foreign and Defence (2+2) Ministerial Meeting",
                "Canada–ROK Foreign and Defence 2+2 Ministerial Meeting",
                "Canada ROK Foreign and Defence (2+2) Ministerial Meeting.",
                "ROK-Canada Foreign and Defense Ministerial Meeting",
                "the Canada-Republic of Korea Foreign and Defence Ministerial Meeting",
            ],
            "can kor 2+2 ministerial meeting",
        ),
        (
            [
                "Asia-Pacific Economic Cooperation (APEC) Economic Leaders' Meeting",
                "APEC Economic Leaders Meeting",
            ],
            "apec economic leaders meeting",
        ),
        (["Leaders' Meeting", "Leaders’ Meeting", "Leaders Meeting"], "leaders meeting"),
        (
            ["U.S.-Japan Security Consultative Committee", "US/Japan Security Consultative Committee"],
            "jpn usa security consultative committee",
        ),
        (["Strategische Straße", "STRATEGISCHE STRASSE"], "strategische strasse"),
    ],
)
def test_names_written_differently_share_a_key(names: list[str], key: str) -> None:
    assert {name_key(name) for name in names} == {key}


def test_names_that_differ_in_words_or_plus_keep_different_keys() -> None:
    assert name_key("2+2 Ministerial Meeting") != name_key("2 2 Ministerial Meeting")
    assert name_key("Navy Staff Talks") != name_key("Army Staff Talks")
    assert name_key("Canada-ROK Foreign and Defence Ministerial Meeting") != name_key(
        "Japan-ROK Foreign and Defence Ministerial Meeting"
    )


@given(st.text())
def test_name_key_is_idempotent_and_tidy(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert key == key.strip() and "  " not in key
