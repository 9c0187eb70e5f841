"""The dashboard's figures, on both backends: the numbers worked out by hand for a small store, the same numbers
counted record by record through the list and status functions, and a viewer not cleared for a marked statement
seeing figures without it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func, select

from conftest import WRITER, build_statement
from servanda.access import PUBLIC, Person, parse_marking
from servanda.audit import AuditEntry
from servanda.store import iter_commitments, list_documents
from servanda.store.due import first_day
from servanda.store.engine import session_factory, transaction
from servanda.store.markings import intern_marking
from servanda.store.models import Assessment
from servanda.store.visibility import visibility
from servanda.tracking.assess import AssessmentCreate, assess, latest_statuses
from servanda.tracking.dashboard import RECENT, Dashboard, dashboard
from servanda.tracking.deadlines import OPEN_STATUSES
from servanda.tracking.due_items import due_items
from servanda.tracking.evidence import EvidenceCreate
from tracking_scenario import commitment_id, store

TODAY = date(2026, 6, 1)
SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR")
CLEARED = Person("ann", "CAN", "SECRET", "analyst")
UNCLEARED = Person("rita", "CAN", "UNCLASSIFIED", "reader")
SOURCE = EvidenceCreate.reference("https://www.international.gc.ca/news/readout.html", "Readout", date="2026-05-01")


def _quote(name: str) -> str:
    return f"Canada and Korea will {name}."


@dataclass(frozen=True)
class Scenario:
    documents: dict[str, int]  # name -> document id
    marked: set[int]  # commitment ids of the marked statement


def _assess(engine: Engine, name: str, status: str, as_of: date) -> None:
    with transaction(engine) as session:
        assess(
            session,
            AssessmentCreate(commitment_id(engine, _quote(name)), status, "as reported", [SOURCE], as_of=as_of),
            actor=WRITER,
        )


@pytest.fixture
def scenario(engine: Engine) -> Scenario:
    """Five statements (one marked SECRET, one dated after TODAY, one undated) and assessments that make every
    kind of figure differ: closed and open statuses, an assessment dated after TODAY, a later one the same day,
    and a marked assessment of a public commitment."""

    def c(name: str, strength: str, area: str, due: str | None = None) -> dict:
        return {"quote": _quote(name), "strength": strength, "area": area, "due": due}

    statements = {
        "a": build_statement(
            c("deliver the first plan", "firm", "defence", "2025-06"),
            c("launch cyber talks", "firm", "cyber", "2026-07-15"),
            c("deepen the partnership", "aspirational", "partnership"),
            title="Statement A",
            date="2025-01-10",
        ),
        "b": build_statement(
            c("meet every year", "reaffirmed", "partnership", "2026-08-01"),
            c("study space cooperation", "position", "space"),
            c("publish a joint report", "firm", "technology", "2026-06-01"),  # due on TODAY: due soon
            title="Statement B",
            date="2026-03-01",
        ),
        "c": build_statement(
            c("hold a secret exercise", "firm", "defence", "2026-01"),
            c("sign a supply chain arrangement", "firm", "economic-security", "2026-06-30"),
            title="Statement C",
            date="2026-05-01",
        ),
        "d": build_statement(
            c("open a new office", "firm", "partnership", "2026-12"), title="Statement D", date="2027"
        ),
        "e": build_statement(
            c("exchange liaison officers", "firm", "defence", "2026-02"), title="Statement E", date=None
        ),
    }
    documents = {
        name: store(engine, statement, marking=SECRET if name == "c" else PUBLIC).document_id
        for name, statement in statements.items()
    }
    _assess(engine, "deliver the first plan", "delivered", date(2025, 12, 1))
    _assess(engine, "launch cyber talks", "in-progress", date(2026, 5, 1))
    _assess(engine, "launch cyber talks", "delivered", date(2026, 7, 1))  # after TODAY: not counted yet
    _assess(engine, "meet every year", "stalled", date(2026, 5, 20))
    _assess(engine, "meet every year", "abandoned", date(2026, 5, 20))  # same day, made later: this one counts
    _assess(engine, "hold a secret exercise", "not-started", date(2026, 5, 10))
    _assess(engine, "sign a supply chain arrangement", "delivered", date(2026, 5, 30))
    with transaction(engine) as session:
        # Marked above its commitment, which the assessment functions never do: the filter must not rely on that.
        session.add(
            Assessment(
                commitment_id=commitment_id(engine, _quote("deepen the partnership")),
                assessor="writer",
                as_of=date(2026, 5, 15),
                status="in-progress",
                rationale="entered directly",
                marking_id=intern_marking(session, SECRET),
            )
        )
    marked = {commitment_id(engine, _quote(n)) for n in ("hold a secret exercise", "sign a supply chain arrangement")}
    return Scenario(documents, marked)


def _dashboard(engine: Engine, viewer: Person, **options) -> Dashboard:
    with session_factory(engine, readonly=True)() as session:
        return dashboard(session, viewer=viewer, today=TODAY, **options)


def _audit_entries(engine: Engine) -> int:
    with session_factory(engine)() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_the_figures_are_those_worked_out_by_hand(engine: Engine, scenario: Scenario) -> None:
    board = _dashboard(engine, CLEARED)
    assert (board.statements, board.commitments) == (5, 10)
    assert board.by_strength == {"firm": 7, "reaffirmed": 1, "position": 1, "aspirational": 1}
    assert list(board.by_area.items()) == [
        ("defence", 3),
        ("partnership", 3),
        ("cyber", 1),
        ("economic-security", 1),
        ("space", 1),
        ("technology", 1),
    ]
    assert {s: n for s, n in board.by_status.items() if n} == {
        "not-assessed": 4,
        "not-started": 1,
        "in-progress": 2,
        "delivered": 2,
        "abandoned": 1,
    }
    assert list(board.by_status) == [
        "not-assessed",
        "not-started",
        "in-progress",
        "delivered",
        "delivered-late",
        "stalled",
        "abandoned",
        "superseded",
    ]
    # Overdue: the secret exercise (not started) and the undated statement's liaison officers; the first plan
    # was delivered. Due soon: the cyber talks (in progress) and the joint report (due on TODAY); the yearly
    # meeting was abandoned, the supply chain arrangement delivered, and statement D is dated after TODAY.
    assert (board.overdue, board.due_soon) == (2, 2)
    ids = scenario.documents
    assert [(r.id, r.date, r.commitments) for r in board.recent] == [
        (ids["c"], "2026-05-01", 2),
        (ids["b"], "2026-03-01", 3),
        (ids["a"], "2025-01-10", 3),
    ]


def test_a_viewer_not_cleared_for_the_marked_statement_sees_figures_without_it(
    engine: Engine, scenario: Scenario
) -> None:
    cleared, uncleared = _dashboard(engine, CLEARED), _dashboard(engine, UNCLEARED)
    assert len(scenario.marked) == 2
    assert (uncleared.statements, uncleared.commitments) == (cleared.statements - 1, cleared.commitments - 2)
    assert uncleared.by_strength["firm"] == cleared.by_strength["firm"] - 2
    assert "economic-security" not in uncleared.by_area
    assert uncleared.by_area["defence"] == 2
    assert (uncleared.by_status["not-started"], uncleared.by_status["delivered"]) == (0, 1)
    # The marked assessment of a public commitment is not theirs to read: that commitment is not assessed.
    assert (uncleared.by_status["in-progress"], uncleared.by_status["not-assessed"]) == (1, 5)
    assert (uncleared.overdue, uncleared.due_soon) == (1, 2)
    assert scenario.documents["c"] not in {r.id for r in uncleared.recent}


@pytest.mark.parametrize("viewer", [CLEARED, UNCLEARED, WRITER], ids=["cleared", "uncleared", "writer"])
@pytest.mark.parametrize("today", [TODAY, date(2025, 12, 31), date(2027, 3, 1)], ids=str)
def test_the_figures_match_a_count_made_record_by_record(
    engine: Engine, scenario: Scenario, viewer: Person, today: date
) -> None:
    within = timedelta(days=90)
    with session_factory(engine, readonly=True)() as session:
        board = dashboard(session, viewer=viewer, today=today, within=within)
        commitments = list(iter_commitments(session, viewer=viewer))
        statuses = latest_statuses(session, visibility(session, viewer), None, as_of=today)
        documents = list_documents(session, viewer=viewer, limit=1000)
        due = due_items(session, viewer=viewer, as_of=today, within=within)

    assert board.statements == len(documents)
    assert board.commitments == len(commitments) == len(statuses)
    assert {s: n for s, n in board.by_strength.items() if n} == Counter(c.strength for c in commitments)
    assert board.by_area == Counter(c.area for c in commitments)
    assert {s: n for s, n in board.by_status.items() if n} == Counter(s.status for s in statuses.values())

    def dated(c) -> bool:
        return c.document.date is None or first_day(c.document.date) <= today

    open_ = [c for c in commitments if c.due_by is not None and dated(c) and statuses[c.id].status in OPEN_STATUSES]
    assert board.overdue == sum(c.due_by < today for c in open_)
    assert board.due_soon == sum(today <= c.due_by <= today + within for c in open_)
    # The same as `servanda due` lists them.
    assert board.overdue == sum(item.key.startswith("commitment-") for item in due.overdue)
    assert board.due_soon == sum(item.key.startswith("commitment-") for item in due.upcoming)

    latest = sorted(
        (d for d in documents if d.document.date is not None and first_day(d.document.date) <= today),
        key=lambda d: (d.document.date, d.document.id),
        reverse=True,
    )[:RECENT]
    assert [(r.id, r.commitments) for r in board.recent] == [(d.document.id, d.commitments) for d in latest]


def test_only_the_latest_five_statements_are_listed_latest_first(engine: Engine) -> None:
    for i in range(7):
        day = f"2026-0{1 + i // 2}-1{i % 2}" if i < 6 else "2026-03-11"  # the last two share a day
        store(engine, build_statement({"quote": f"Canada will act {i}."}, title=f"Statement {i}", date=day))
    board = _dashboard(engine, CLEARED)
    assert [(r.title, r.date) for r in board.recent] == [
        ("Statement 6", "2026-03-11"),
        ("Statement 5", "2026-03-11"),
        ("Statement 4", "2026-03-10"),
        ("Statement 3", "2026-02-11"),
        ("Statement 2", "2026-02-10"),
    ]


def test_counts_write_no_audit_entry_and_the_marked_statements_shown_are_audited(
    engine: Engine, scenario: Scenario
) -> None:
    before = _audit_entries(engine)
    _dashboard(engine, UNCLEARED)  # sees only public records
    assert _audit_entries(engine) == before
    _dashboard(engine, CLEARED)  # sees marked statement C among the latest
    with session_factory(engine)() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.id > before)).all()
    assert [(e.actor, e.action, e.record_type, e.record_id) for e in entries] == [
        ("ann", "read", "document", scenario.documents["c"])
    ]


def test_an_empty_store_has_every_figure_at_zero(engine: Engine) -> None:
    board = _dashboard(engine, CLEARED)
    assert (board.statements, board.commitments, board.overdue, board.due_soon, board.recent) == (0, 0, 0, 0, ())
    assert set(board.by_strength.values()) == set(board.by_status.values()) == {0}
    assert board.by_area == {}
