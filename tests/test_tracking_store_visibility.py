"""Every tracking read path returns exactly what the golden authorisation matrix lets each persona read: no
assessment, evidence, proposal, link, meeting, stage, flag, deadline or report line about a record they may not
read, counts and compliance computed only over what they may, and a forbidden record answering like a missing one."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import Engine, select

from authorisation_matrix import expectations, markings, personas
from conftest import WRITER, build_statement
from servanda.access import PUBLIC, highest, may_read
from servanda.extract.model import Agreement, Mechanism
from servanda.store import AccessDenied
from servanda.store.engine import session_factory, transaction
from servanda.store.models import Commitment, MechanismMeeting
from servanda.tracking.agreements import get_agreement, list_agreements
from servanda.tracking.assess import AssessmentCreate, assess, current_status, history
from servanda.tracking.assessments_csv import export_assessments
from servanda.tracking.due_items import calendar_ics, due_items
from servanda.tracking.errors import NotFound
from servanda.tracking.evidence import EvidenceCreate, list_evidence
from servanda.tracking.intake import save_and_track
from servanda.tracking.links import lineage, list_links
from servanda.tracking.mechanisms import get_mechanism, list_mechanisms
from servanda.tracking.report import summarise
from servanda.tracking.reporting import report_data
from servanda.tracking.review import review_flags
from servanda.tracking.suggest import accept_proposal, list_proposals

MARKINGS = markings()
PERSONAS = personas()
READABLE = {
    persona: {marking for p, marking, code in expectations("read") if p == persona and code == "ok"}
    for persona in PERSONAS
}
MISSING_ID = 10_000
AS_OF = date(2026, 12, 31)


@dataclass(frozen=True)
class Stored:
    """Per marking of the matrix: a first and a second statement of one series, their commitments, and what
    tracking derived from them (a meeting each, a stage, a link, proposals) plus an assessment with evidence."""

    first: dict[str, int]  # marking name -> the first statement's commitment that is assessed
    restated: dict[str, int]  # marking name -> the second statement's commitment
    commitments: dict[str, set[int]]
    mechanisms: dict[str, int]
    agreements: dict[str, int]
    names: dict[int, str]  # document id -> marking name


@pytest.fixture(scope="module")
def stored(module_engine: Engine) -> Stored:
    engine = module_engine
    names: dict[int, str] = {}
    for name, marking in sorted(MARKINGS.items()):
        talks, plan = f"{name} talks", f"{name} plan"
        first = build_statement(
            {"quote": f"We will hold the {talks} in 2026.", "mechanisms": (talks,), "due": "2026"},
            {"quote": f"We will write the {plan}.", "agreements": (plan,)},
            title=f"{name} first",
            date="2026-01-10",
            mechanisms=(Mechanism(talks, held="2026-01-10"),),
            agreements=(Agreement(plan, kind="plan", stage="proposed", date="2026-01-10"),),
        )
        second = build_statement(
            {"quote": f"We reaffirm that we will hold the {talks} in 2026.", "mechanisms": (talks,), "due": "2026"},
            title=f"{name} second",
            date="2026-03-10",
            mechanisms=(Mechanism(talks, held="2026-03-10", next="2027"),),
        )
        with transaction(engine) as session:
            for statement in (first, second):
                names[save_and_track(session, *statement, marking=marking, actor=WRITER).document_id] = name
    with session_factory(engine)() as session:
        rows = session.scalars(select(Commitment).order_by(Commitment.id)).all()
        commitments: dict[str, set[int]] = {name: set() for name in MARKINGS}
        first_ids, restated = {}, {}
        for row in rows:
            name = names[row.document_id]
            commitments[name].add(row.id)
            if row.quote.startswith("We will hold"):
                first_ids[name] = row.id
            elif row.quote.startswith("We reaffirm"):
                restated[name] = row.id
        later_documents = {name: document_id for document_id, name in names.items() if document_id % 2 == 0}
        mechanisms = {m.name.removesuffix(" talks"): m.id for m in list_mechanisms(session, viewer=WRITER)}
        agreements = {a.name.removesuffix(" plan"): a.id for a in list_agreements(session, viewer=WRITER)}
        assert session.scalar(select(MechanismMeeting.id).limit(1)) is not None
    with transaction(engine) as session:
        for name, cid in first_ids.items():
            document_id = later_documents[name]
            evidence = [EvidenceCreate.span(document_id, 0, 10)]
            fields = {"scores": {"CAN": 1}, "as_of": date(2026, 3, 10)}
            assess(session, AssessmentCreate(cid, "in-progress", f"{name} begun", evidence, **fields), actor=WRITER)
    return Stored(first_ids, restated, commitments, mechanisms, agreements, names)


@pytest.fixture(params=sorted(PERSONAS))
def persona(request: pytest.FixtureRequest) -> str:
    return request.param


def _may(persona: str, *names: str) -> bool:
    return all(name in READABLE[persona] for name in names)


def test_assessments_evidence_and_status_only_of_readable_commitments(module_engine, stored, persona) -> None:
    viewer = PERSONAS[persona]
    with session_factory(module_engine, readonly=True)() as session:
        for name, cid in stored.first.items():
            if _may(persona, name):
                (only,) = history(session, cid, viewer=viewer)
                assert only.rationale == f"{name} begun" and only.marking == MARKINGS[name]
                assert [e.marking for e in list_evidence(session, cid, viewer=viewer)] == [MARKINGS[name]]
                assert current_status(session, cid, viewer=viewer, as_of=AS_OF).status == "in-progress"
                continue
            for read in (history, list_evidence, current_status):
                for asked in (cid, MISSING_ID):
                    with pytest.raises(NotFound) as caught:
                        read(session, asked, viewer=viewer)
                    assert str(caught.value) == f"no commitment {asked}"  # forbidden answers like missing
        out = io.StringIO()
        rows = export_assessments(session, out, viewer=viewer)
    assert rows == len(READABLE[persona])


def test_proposals_links_and_lineage_only_of_readable_statements(module_engine, stored, persona) -> None:
    viewer = PERSONAS[persona]
    with session_factory(module_engine, readonly=True)() as session:
        every_proposal = list_proposals(session, viewer=WRITER)
        every_link = list_links(session, viewer=WRITER)
        proposals = list_proposals(session, viewer=viewer)
        links = list_links(session, viewer=viewer)
        target = {c: name for name, ids in stored.commitments.items() for c in ids}
        expected = [
            p.id
            for p in every_proposal
            if _may(persona, stored.names[p.document_id], target[p.commitment_id]) and may_read(viewer, p.marking)
        ]
        assert [p.id for p in proposals] == expected
        assert [link.id for link in links] == [
            link.id for link in every_link if _may(persona, target[link.earlier_id], target[link.later_id])
        ]
        for name, cid in stored.restated.items():
            if _may(persona, name):
                assert [s.commitment_id for s in lineage(session, cid, viewer=viewer)] == [stored.first[name], cid]
            else:
                with pytest.raises(NotFound, match=f"^no commitment {cid}$"):
                    lineage(session, cid, viewer=viewer)
    own = [p for p in every_proposal if stored.names[p.document_id] == target[p.commitment_id]]
    assert own and {target[link.earlier_id] for link in every_link} == set(MARKINGS)


def test_mechanisms_meetings_agreements_and_stages_only_when_readable(module_engine, stored, persona) -> None:
    viewer = PERSONAS[persona]
    readable = READABLE[persona]
    with session_factory(module_engine, readonly=True)() as session:
        mechanisms = list_mechanisms(session, viewer=viewer, as_of=AS_OF)
        agreements = list_agreements(session, viewer=viewer, as_of=AS_OF)
        assert {m.name for m in mechanisms} == {f"{name} talks" for name in readable}
        assert all([x.held_on for x in m.meetings] == ["2026-01-10", "2026-03-10"] for m in mechanisms)
        assert all({x.marking for x in m.meetings} == {m.marking} for m in mechanisms)
        assert {a.name: a.current.stage for a in agreements} == {f"{name} plan": "proposed" for name in readable}
        for name in sorted(set(MARKINGS) - readable):
            for get, ids, noun in (
                (get_mechanism, stored.mechanisms, "mechanism"),
                (get_agreement, stored.agreements, "agreement"),
            ):
                for asked in (ids[name], MISSING_ID):
                    with pytest.raises(NotFound) as caught:
                        get(session, asked, viewer=viewer)
                    assert str(caught.value) == f"no {noun} {asked}"


def test_deadlines_calendar_flags_and_report_count_only_what_is_readable(module_engine, stored, persona) -> None:
    viewer = PERSONAS[persona]
    readable = READABLE[persona]
    with session_factory(module_engine, readonly=True)() as session:
        due = due_items(session, viewer=viewer, as_of=date(2026, 6, 1), within=timedelta(days=600))
        ics = calendar_ics(session, viewer=viewer, as_of=date(2026, 6, 1))
        flags = review_flags(session, viewer=viewer, as_of=AS_OF)
        every_flag = review_flags(session, viewer=WRITER, as_of=AS_OF)
        data = report_data(session, viewer=viewer, as_of=AS_OF)
    dated = {f"commitment-{stored.first[n]}" for n in readable} | {f"commitment-{stored.restated[n]}" for n in readable}
    meetings = {f"mechanism-{stored.mechanisms[n]}" for n in readable}
    assert {i.key for i in (*due.upcoming, *due.overdue)} == dated | meetings
    events = {str(e["uid"]).split("@")[0] for e in Calendar.from_ical(ics).walk("VEVENT")}
    assert events == dated | meetings
    target = {c: name for name, ids in stored.commitments.items() for c in ids}
    assert [f.commitment_id for f in flags] == [
        f.commitment_id for f in every_flag if target[f.commitment_id] in readable
    ]
    assert {i.commitment_id for i in data.items} == {c for n in readable for c in stored.commitments[n]}
    summary = summarise(data)
    assert summary.overall.assessed == len(readable)  # one +1 per readable statement, none from the others
    assert summary.by_status.get("in-progress", 0) == len(readable)
    assert data.marking == highest(PUBLIC, *(MARKINGS[n] for n in readable)).banner


def test_a_proposal_the_persona_may_not_read_cannot_be_accepted_and_answers_like_a_missing_one(
    module_engine, stored, persona
) -> None:
    viewer = PERSONAS[persona]
    with session_factory(module_engine, readonly=True)() as session:
        hidden = [
            p.id for p in list_proposals(session, viewer=WRITER) if not _may(persona, stored.names[p.document_id])
        ]
    if not hidden:
        pytest.skip(f"{persona} may read every marking of the matrix")
    for asked in (hidden[0], MISSING_ID):
        with pytest.raises(NotFound) as caught, transaction(module_engine) as session:
            accept_proposal(session, asked, actor=viewer, status="delivered")
        assert str(caught.value) == f"no proposal {asked}"


def test_an_assessment_is_accepted_exactly_when_the_matrix_lets_the_persona_create(
    module_engine, stored, persona
) -> None:
    viewer = PERSONAS[persona]
    create = {marking: code for p, marking, code in expectations("create") if p == persona}
    outcomes, expected = {}, {}
    for name, cid in sorted(stored.first.items()):
        expected[name] = "hidden" if name not in READABLE[persona] else "ok" if create[name] == "ok" else "denied"
        evidence = [EvidenceCreate.reference("https://example.org/progress", "Progress")]
        with session_factory(module_engine)() as session:
            try:
                assess(session, AssessmentCreate(cid, "in-progress", "why", evidence), actor=viewer)
                outcomes[name] = "ok"
            except NotFound:
                outcomes[name] = "hidden"
            except AccessDenied:
                outcomes[name] = "denied"
            finally:
                session.rollback()  # the module's records stay as the other tests expect them
    assert outcomes == expected
