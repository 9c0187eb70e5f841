"""Assessments and evidence in the store: status from dated assessments, scores per party, append-only history,
clear refusals that write nothing, no write down, and two analysts at once."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import DBAPIError

from conftest import AIR_FORCE, CYBER, SPACE, WRITER
from servanda.access import Person, parse_marking
from servanda.audit import AuditEntry, verify
from servanda.store import AccessDenied
from servanda.store.engine import session_factory, transaction
from servanda.store.models import AGREEMENT_LIFECYCLE, ASSESSMENT_STATUSES, Commitment, Document, MarkingRecord
from servanda.tracking.assess import AssessmentCreate, assess, current_status, history
from servanda.tracking.assessments_csv import FIELDS
from servanda.tracking.errors import NotFound, TrackingError
from servanda.tracking.evidence import EvidenceCreate, attach_evidence, list_evidence
from servanda.tracking.status import ASSESSED_STATUSES, STATUSES
from tracking_scenario import commitment_id, count, readout, store

ANALYST = Person("ann", "CAN", "SECRET", "analyst", frozenset({"SDCP"}))
SECOND = Person("kim", "KOR", "군사Ⅱ급비밀", "analyst", frozenset({"SDCP"}))
READER = Person("rita", "CAN", "SECRET", "reader")
SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR")
REPORT = EvidenceCreate.reference(
    "https://www.international.gc.ca/news/cyber-consultations.html",
    "Canada and Korea hold first Cyber Policy Consultations",
    date="2026-03-18",
    passage="held the first Canada-Korea Cyber Policy Consultations",
)
TABLES = ("assessment", "assessment_score", "assessment_evidence", "evidence")


@pytest.fixture
def stored(engine: Engine, two_plus_two) -> dict[str, int]:
    """The 2+2 excerpt and the readout, tracked; ids of the documents and of three commitments."""
    two_plus_two_id = store(engine, two_plus_two).document_id
    readout_id = store(engine, readout()).document_id
    return {
        "two_plus_two": two_plus_two_id,
        "readout": readout_id,
        "cyber": commitment_id(engine, CYBER),
        "air_force": commitment_id(engine, AIR_FORCE),
        "space": commitment_id(engine, SPACE),
    }


def _assess(engine: Engine, actor: Person = ANALYST, **fields) -> object:
    with transaction(engine) as session:
        return assess(session, AssessmentCreate(**fields), actor=actor)


def test_the_store_and_the_status_module_share_one_vocabulary() -> None:
    assert ASSESSMENT_STATUSES == ASSESSED_STATUSES


def test_an_assessment_keeps_status_scores_rationale_and_evidence(engine: Engine, stored) -> None:
    text = readout()[0].text
    start = text.index("officials")
    made = _assess(
        engine,
        commitment_id=stored["cyber"],
        status="delivered",
        rationale="The readout reports the first consultations held on 18 March 2026.",
        evidence=[REPORT, EvidenceCreate.span(stored["readout"], start, start + 60)],
        scores={"CAN": "+1"},
        as_of=date(2026, 3, 18),
    )
    with session_factory(engine, readonly=True)() as session:
        (kept,) = history(session, stored["cyber"], viewer=READER)
        evidence = list_evidence(session, stored["cyber"], viewer=READER)
        status = current_status(session, stored["cyber"], viewer=READER, as_of=date(2026, 4, 1))
    assert kept == made
    assert (kept.assessor, kept.status, kept.as_of) == ("ann", "delivered", date(2026, 3, 18))
    assert kept.scores == {"CAN": 1, "KOR": None}  # KOR not yet assessed: never shown as 0
    assert [e.kind for e in kept.evidence] == ["external", "document"]
    assert kept.evidence[1].passage == text[start : start + 60]
    assert kept.evidence[1].document_title.startswith("Readout")
    assert [e.id for e in evidence] == [e.id for e in kept.evidence]
    assert (status.status, status.ogp) == ("delivered", "complete")


def test_status_comes_from_the_latest_assessment_by_date_then_time(engine: Engine, stored) -> None:
    cid = stored["air_force"]

    def add(status: str, day: date, **extra) -> int:
        return _assess(
            engine, commitment_id=cid, status=status, rationale=status, evidence=[REPORT], as_of=day, **extra
        ).id

    first = add("in-progress", date(2026, 6, 1))
    add("stalled", date(2026, 9, 1))
    add("not-started", date(2026, 4, 1))  # made later, but speaks for an earlier day
    correction = add("delivered", date(2026, 9, 1), corrects=first)
    with session_factory(engine, readonly=True)() as session:
        days = (date(2026, 3, 1), date(2026, 5, 1), date(2026, 7, 1), date(2026, 12, 1))
        at = {day: current_status(session, cid, viewer=WRITER, as_of=day).status for day in days}
        listed = history(session, cid, viewer=WRITER)
    assert at == {
        date(2026, 3, 1): "not-assessed",
        date(2026, 5, 1): "not-started",
        date(2026, 7, 1): "in-progress",
        date(2026, 12, 1): "delivered",
    }
    assert [a.status for a in listed] == ["not-started", "in-progress", "stalled", "delivered"]
    assert listed[-1].id == correction and listed[-1].corrects == first
    assert listed[1].id == first and listed[1].status == "in-progress"  # the corrected one is kept as it was


def test_nothing_assessed_reads_as_not_assessed_with_no_evidence(engine: Engine, stored) -> None:
    with session_factory(engine, readonly=True)() as session:
        status = current_status(session, stored["space"], viewer=READER)
        assert history(session, stored["space"], viewer=READER) == []
    assert (status.status, status.assessment, status.ogp) == ("not-assessed", None, "no evidence available")


BAD = {
    "missing commitment": ({"commitment_id": 10_000}, NotFound, "no commitment 10000"),
    "before the statement": ({"as_of": date(2026, 2, 24)}, TrackingError, "statement is dated 2026-02-25"),
    "not a status": ({"status": "done"}, TrackingError, "'done' is not a status"),
    "not-assessed is not assessed": ({"status": "not-assessed"}, TrackingError, "is not a status"),
    "score outside the scale": ({"scores": {"CAN": "+2"}}, TrackingError, "is not a compliance score"),
    "integer score outside the scale": ({"scores": {"CAN": 2}}, TrackingError, "is not a compliance score"),
    "party not an actor": ({"scores": {"JPN": 1}}, TrackingError, "JPN is not an actor of it (its actors: CAN, KOR)"),
    "no evidence": ({"evidence": []}, TrackingError, "needs at least one piece of evidence"),
    "no rationale": ({"rationale": "  "}, TrackingError, "needs a rationale"),
    "not a URL": ({"evidence": [EvidenceCreate.reference("news.example", "News")]}, TrackingError, "http(s) URL"),
    "span outside the text": ({"evidence": [EvidenceCreate.span(1, 0, 10**6)]}, TrackingError, "is not a span"),
    "missing document": ({"evidence": [EvidenceCreate.span(999, 0, 5)]}, NotFound, "no document 999"),
    "bad reference date": (
        {"evidence": [EvidenceCreate.reference("https://a.example/x", "X", date="2026-13")]},
        TrackingError,
        "not a calendar date",
    ),
    "correcting another commitment's": ({"corrects": "other"}, NotFound, "of commitment"),
}


def test_a_bad_assessment_is_refused_in_one_line_and_writes_nothing(engine: Engine, stored) -> None:
    other = _assess(engine, commitment_id=stored["air_force"], status="in-progress", rationale="r", evidence=[REPORT])
    before = {table: count(engine, table) for table in TABLES}
    fields = {"commitment_id": stored["cyber"], "status": "delivered", "rationale": "why", "evidence": [REPORT]}
    for case, (change, error, message) in BAD.items():
        if change.get("corrects") == "other":
            change = {"corrects": other.id}
        with pytest.raises(error) as caught, transaction(engine) as session:
            assess(session, AssessmentCreate(**{**fields, **change}), actor=ANALYST)
        assert message in str(caught.value), case
        assert "\n" not in str(caught.value), case
        assert {table: count(engine, table) for table in TABLES} == before, case


def test_a_commitment_the_assessor_may_not_read_answers_like_a_missing_one(engine: Engine, two_plus_two) -> None:
    store(engine, two_plus_two, marking=parse_marking("CAN SECRET//CAN EYES ONLY"))
    hidden = commitment_id(engine, CYBER)
    korean = Person("lee", "KOR", "군사Ⅱ급비밀", "analyst")
    messages = []
    for cid in (hidden, 10_000):
        with pytest.raises(NotFound) as caught, transaction(engine) as session:
            assess(session, AssessmentCreate(cid, "delivered", "why", [REPORT]), actor=korean)
        messages.append(str(caught.value).replace(str(cid), "ID"))
    assert messages == ["no commitment ID", "no commitment ID"]
    with session_factory(engine)() as session:
        denied = session.scalars(select(AuditEntry).where(AuditEntry.actor == "lee")).all()
    assert [(e.record_id, e.decision) for e in denied] == [(hidden, "deny"), (None, "deny")]


def test_a_reader_may_not_assess(engine: Engine, stored) -> None:
    with pytest.raises(AccessDenied, match="a reader may not create"), transaction(engine) as session:
        assess(session, AssessmentCreate(stored["cyber"], "delivered", "why", [REPORT]), actor=READER)
    assert count(engine, "assessment") == 0


def test_evidence_marked_above_the_commitment_is_refused(engine: Engine, stored, make_statement) -> None:
    secret_id = store(engine, make_statement({"quote": "Secret progress on cyber."}, title="Secret"), marking=SECRET)
    secret_id = secret_id.document_id
    before = {table: count(engine, table) for table in TABLES}
    with pytest.raises(AccessDenied, match="raise the record to CAN SECRET") as caught, transaction(engine) as session:
        attach_evidence(session, stored["cyber"], EvidenceCreate.span(secret_id, 0, 6), actor=ANALYST)
    assert "\n" not in str(caught.value)
    with pytest.raises(AccessDenied, match="above UNCLASSIFIED"), transaction(engine) as session:
        evidence = [EvidenceCreate.span(secret_id, 0, 6)]
        assess(session, AssessmentCreate(stored["cyber"], "in-progress", "why", evidence), actor=ANALYST)
    assert {table: count(engine, table) for table in TABLES} == before
    with session_factory(engine)() as session:
        commitment = session.get(Commitment, stored["cyber"])
        assert commitment.marking_id == 1  # still public


def test_raising_the_commitment_lets_marked_evidence_in_and_is_audited(engine: Engine, stored, make_statement) -> None:
    secret_id = store(engine, make_statement({"quote": "Secret progress on cyber."}, title="Secret"), marking=SECRET)
    secret_id = secret_id.document_id
    with transaction(engine) as session:
        made = assess(
            session,
            AssessmentCreate(stored["cyber"], "in-progress", "why", [EvidenceCreate.span(secret_id, 0, 6)]),
            actor=ANALYST,
            raise_marking=True,
        )
    assert made.marking == SECRET
    with session_factory(engine)() as session:
        commitment = session.get(Commitment, stored["cyber"])
        banner = session.get(MarkingRecord, commitment.marking_id).banner
        document_banner = session.get(MarkingRecord, session.get(Document, stored["two_plus_two"]).marking_id).banner
        (raised,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "raise-marking")).all()
        assert verify(session, key=b"k" * 32).problem in (None, "checkpoint-key")
    assert banner == SECRET.banner
    assert document_banner == "UNCLASSIFIED"  # only the commitment is raised, never its statement
    assert (raised.record_type, raised.record_id, raised.marking) == ("commitment", stored["cyber"], SECRET.banner)
    assert raised.detail["from"] == "UNCLASSIFIED"
    with session_factory(engine, readonly=True)() as session, pytest.raises(NotFound):
        history(session, stored["cyber"], viewer=Person("u", "CAN", "UNCLASSIFIED", "reader"))


def test_assessments_and_their_evidence_are_append_only(engine: Engine, stored) -> None:
    _assess(
        engine, commitment_id=stored["cyber"], status="delivered", rationale="r", evidence=[REPORT], scores={"CAN": 1}
    )
    for table in TABLES:
        column = "assessment_id" if table.startswith("assessment_") else "id"
        for change in (f"UPDATE {table} SET {column} = {column}", f"DELETE FROM {table}"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
                connection.exec_driver_sql(change)
        assert count(engine, table) >= 1, table


def test_two_analysts_assessing_one_commitment_at_once_both_land(engine: Engine, stored) -> None:
    inserted = 0
    if engine.dialect.name == "postgresql":
        # Hold both writers at their INSERT until both have checked their assessment (SQLite's BEGIN IMMEDIATE
        # queues the second writer behind the first instead).
        barrier = threading.Barrier(2, timeout=20)

        @event.listens_for(engine, "before_cursor_execute")
        def _meet(_conn, _cursor, statement: str, *_args) -> None:
            nonlocal inserted
            if statement.startswith("INSERT INTO assessment "):
                inserted += 1
                barrier.wait()

    errors: list[BaseException] = []

    def analyst(person: Person, status: str) -> None:
        try:
            fields = {"status": status, "rationale": person.username, "evidence": [REPORT], "as_of": date(2026, 3, 20)}
            _assess(engine, person, commitment_id=stored["cyber"], **fields)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=analyst, args=args) for args in ((ANALYST, "delivered"), (SECOND, "stalled"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    if engine.dialect.name == "postgresql":
        assert inserted == 2
    with session_factory(engine)() as session:
        listed = history(session, stored["cyber"], viewer=WRITER)
        assert sorted(a.assessor for a in listed) == ["ann", "kim"]
        assert verify(session, key=b"k" * 32).broken_id is None


def test_every_status_stage_and_csv_column_is_in_tracking_md() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "tracking.md").read_text(encoding="utf-8")
    for word in (*STATUSES, *AGREEMENT_LIFECYCLE, *FIELDS):
        assert f"`{word}`" in text, word


def test_reading_a_marked_assessment_is_audited(engine: Engine, stored, make_statement) -> None:
    secret = store(engine, make_statement({"quote": "Secret progress on cyber."}, title="Secret"), marking=SECRET)
    with transaction(engine) as session:
        evidence = [EvidenceCreate.span(secret.document_id, 0, 6)]
        made = assess(
            session,
            AssessmentCreate(stored["cyber"], "in-progress", "why", evidence),
            actor=ANALYST,
            raise_marking=True,
        )
    with session_factory(engine, readonly=True)() as session:
        history(session, stored["cyber"], viewer=READER)
    with session_factory(engine)() as session:
        reads = session.scalars(
            select(AuditEntry).where(AuditEntry.actor == "rita", AuditEntry.record_type == "assessment")
        ).all()
    assert [(e.action, e.decision, e.record_id, e.marking) for e in reads] == [
        ("read", "allow", made.id, SECRET.banner)
    ]
    assert reads[0].detail["evidence_ids"] == [made.evidence[0].id]
