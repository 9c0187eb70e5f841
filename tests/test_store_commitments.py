"""Finding commitments: each filter, ordering, paging, eager loading and streaming."""

from __future__ import annotations

import gc
from datetime import date

import pytest
from sqlalchemy import Engine, event

from conftest import WRITER
from servanda.store.commitments import (
    count_commitments,
    get_commitment,
    iter_commitments,
    list_commitments,
)
from servanda.store.engine import session_factory, transaction
from servanda.store.save import save_document


@pytest.fixture
def store(engine: Engine, make_statement) -> Engine:
    """Three documents (one undated) whose commitments differ in every filtered field."""
    statements = [
        make_statement(
            {"quote": "We will hold a summit in 2026.", "due": "2026", "area": "partnership"},
            {"quote": "We will sign the plan in March 2026.", "due": "2026-03", "area": "defence"},
            {
                "quote": "Canada will fund a study.",
                "actors": ("CAN",),
                "strength": "aspirational",
                "area": "space",
            },
            title="Newer",
            date="2026-02-25",
        ),
        make_statement(
            {"quote": "We reaffirm our support.", "strength": "reaffirmed", "area": "regional-security"},
            {"quote": "We will meet on 15 March 2026.", "due": "2026-03-15", "area": "defence"},
            {"quote": "Japan will host the talks in 2027.", "due": "2027", "actors": ("JPN",)},
            title="Older",
            date="2023-05-17",
            issuers=("CAN", "JPN"),
        ),
        make_statement(
            {
                "quote": "Korea will open a centre.",
                "actors": ("KOR",),
                "area": "technology",
                "strength": "position",
            },
            title="Undated",
            date=None,
            issuers=("CAN", "KOR"),
        ),
    ]
    with transaction(engine) as session:
        for statement in statements:
            save_document(session, *statement, actor=WRITER)
    return engine


ALL_IN_ORDER = [
    "We reaffirm our support.",
    "We will meet on 15 March 2026.",
    "Japan will host the talks in 2027.",
    "We will hold a summit in 2026.",
    "We will sign the plan in March 2026.",
    "Canada will fund a study.",
    "Korea will open a centre.",
]


def _quotes(engine: Engine, **filters) -> list[str]:
    with session_factory(engine, readonly=True)() as session:
        listed = [c.quote for c in list_commitments(session, viewer=WRITER, **filters)]
        assert count_commitments(session, viewer=WRITER, **filters) == len(listed)
        assert [c.quote for c in iter_commitments(session, viewer=WRITER, batch_size=2, **filters)] == listed
        return listed


def test_without_filters_commitments_come_by_document_date_then_order(store: Engine) -> None:
    assert _quotes(store) == ALL_IN_ORDER


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"area": "defence"}, ["We will meet on 15 March 2026.", "We will sign the plan in March 2026."]),
        ({"area": "climate-energy"}, []),
        ({"strength": "aspirational"}, ["Canada will fund a study."]),
        ({"strength": "reaffirmed"}, ["We reaffirm our support."]),
        (
            {"actor": "JPN"},
            [
                "We reaffirm our support.",
                "We will meet on 15 March 2026.",
                "Japan will host the talks in 2027.",
            ],
        ),
        (
            {"actor": "KOR"},
            [
                "We will hold a summit in 2026.",
                "We will sign the plan in March 2026.",
                "Korea will open a centre.",
            ],
        ),
        ({"actor": "USA"}, []),
        (
            {"actor": "CAN", "area": "defence", "strength": "firm"},
            ["We will meet on 15 March 2026.", "We will sign the plan in March 2026."],
        ),
    ],
    ids=[
        "area",
        "area-none",
        "strength",
        "strength-reaffirmed",
        "actor",
        "actor-other",
        "actor-none",
        "combined",
    ],
)
def test_each_filter_narrows_the_commitments(store: Engine, filters: dict, expected: list[str]) -> None:
    assert _quotes(store, **filters) == expected


def test_document_filter_keeps_one_documents_commitments(store: Engine) -> None:
    with session_factory(store)() as session:
        undated_id = list_commitments(session, viewer=WRITER)[-1].document_id
    assert _quotes(store, document_id=undated_id) == ["Korea will open a centre."]


@pytest.mark.parametrize(
    ("due_before", "expected"),
    [
        (date(2026, 3, 15), []),
        (date(2026, 3, 16), ["We will meet on 15 March 2026."]),
        (date(2026, 3, 31), ["We will meet on 15 March 2026."]),
        (date(2026, 4, 1), ["We will meet on 15 March 2026.", "We will sign the plan in March 2026."]),
        (date(2026, 12, 31), ["We will meet on 15 March 2026.", "We will sign the plan in March 2026."]),
        (
            date(2027, 1, 1),
            [
                "We will meet on 15 March 2026.",
                "We will hold a summit in 2026.",
                "We will sign the plan in March 2026.",
            ],
        ),
        (date(9999, 12, 31), [q for q in ALL_IN_ORDER if "20" in q]),
    ],
    ids=[
        "before-any",
        "day",
        "month-not-yet-over",
        "month-over",
        "year-not-yet-over",
        "year-over",
        "undated-never",
    ],
)
def test_due_before_counts_a_partial_date_as_due_by_its_last_day(
    store: Engine, due_before: date, expected: list[str]
) -> None:
    assert _quotes(store, due_before=due_before) == expected


def test_pages_cover_every_commitment_exactly_once(store: Engine) -> None:
    with session_factory(store)() as session:
        pages = [
            [c.quote for c in list_commitments(session, viewer=WRITER, limit=3, offset=offset)]
            for offset in range(0, 9, 3)
        ]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [quote for page in pages for quote in page] == ALL_IN_ORDER


def test_a_page_loads_documents_actors_and_links_in_a_fixed_number_of_queries(store: Engine) -> None:
    statements: list[str] = []
    event.listen(store, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with session_factory(store)() as session:
        rows = list_commitments(session, viewer=WRITER)
        seen = [(c.document.title, c.document.date, c.parties, c.mechanism_names, c.agreement_names) for c in rows]
    assert len(seen) == 7
    assert seen[0] == ("Older", "2023-05-17", ("CAN", "JPN"), (), ())
    # The markings the query filter decides on, the page, then actors, mechanism and agreement links.
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 5


def test_get_commitment_returns_one_with_its_document_or_none(store: Engine) -> None:
    with session_factory(store)() as session:
        first = list_commitments(session, viewer=WRITER, limit=1)[0]
        found = get_commitment(session, first.id, viewer=WRITER)
        assert found is not None and (found.quote, found.document.title) == (
            "We reaffirm our support.",
            "Older",
        )
        assert get_commitment(session, 10_000, viewer=WRITER) is None


def test_streaming_commitments_keeps_only_a_batch_in_memory(engine: Engine, make_statement) -> None:
    with transaction(engine) as session:
        for n in range(6):
            quotes = [{"quote": f"We will take step {n}.{i}.", "due": "2027"} for i in range(100)]
            save_document(session, *make_statement(*quotes, title=f"Statement {n}"), actor=WRITER)
    with session_factory(engine, readonly=True)() as session:
        held = []
        for seen, commitment in enumerate(iter_commitments(session, viewer=WRITER, batch_size=50), start=1):
            assert commitment.quote.startswith("We will take step")
            if seen % 50 == 0:
                gc.collect()
                held.append(len(session.identity_map))
    assert seen == 600
    assert max(held) < 250, held
