"""Evidence proposals in the store: computed when a statement is saved, from what the saver may read; accepted or
rejected by a person, and nothing changes status until one accepts; the stored ranking is the one measured."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Engine

from conftest import CLASSIFIED, CYBER, SIGNED, WRITER, span
from servanda.access import Person
from servanda.errors import InputError
from servanda.extract import extract
from servanda.extract.model import Achievement
from servanda.ingest import read_path
from servanda.store import AccessDenied
from servanda.store.engine import session_factory, transaction
from servanda.tracking.assess import current_status, history
from servanda.tracking.errors import TrackingError
from servanda.tracking.evidence import list_evidence
from servanda.tracking.intake import track_document
from servanda.tracking.measure import TOP, _dice, measure
from servanda.tracking.suggest import accept_proposal, list_proposals, reject_proposal, suggest
from shared_files import REPO, SHARED, needs_shared
from tracking_scenario import HELD, commitment_id, count, readout, store

ANALYST = Person("ann", "CAN", "SECRET", "analyst", frozenset({"SDCP"}))


@pytest.fixture
def stored(engine: Engine, two_plus_two) -> dict[str, int]:
    first = store(engine, two_plus_two)
    second = store(engine, readout())
    assert (first.proposals, second.proposals) == (0, second.proposals)
    return {"readout": second.document_id, "cyber": commitment_id(engine, CYBER)}


def _proposals(engine: Engine, viewer: Person = ANALYST, **where) -> list:
    with session_factory(engine, readonly=True)() as session:
        return list_proposals(session, viewer=viewer, **where)


def test_a_readout_of_a_meeting_is_proposed_as_delivering_the_commitment_to_hold_it(engine: Engine, stored) -> None:
    proposals = _proposals(engine, document_id=stored["readout"])
    best = proposals[0]
    assert (best.commitment_id, best.relation, best.state) == (stored["cyber"], "delivers", "pending")
    assert HELD in best.passage
    assert readout()[0].text[best.start : best.end] == best.passage
    assert best.target_quote == CYBER
    assert [p.score for p in proposals] == sorted((p.score for p in proposals), reverse=True)
    with session_factory(engine, readonly=True)() as session:
        # a proposal is only a suggestion: nothing is assessed or attached until a person accepts it
        assert current_status(session, stored["cyber"], viewer=ANALYST).status == "not-assessed"
        assert list_evidence(session, stored["cyber"], viewer=ANALYST) == []


def test_accepting_with_a_status_attaches_the_passage_and_assesses(engine: Engine, stored) -> None:
    best = _proposals(engine, document_id=stored["readout"])[0]
    with transaction(engine) as session:
        accepted = accept_proposal(session, best.id, actor=ANALYST, status="delivered", scores={"CAN": 1, "KOR": 1})
    assert (accepted.proposal.state, accepted.proposal.decided_by) == ("accepted", "ann")
    assert accepted.proposal.evidence_id == accepted.evidence.id
    assert (accepted.evidence.document_id, accepted.evidence.passage) == (stored["readout"], best.passage)
    assert accepted.assessment.as_of == date(2026, 3, 18)  # the readout's date
    with session_factory(engine, readonly=True)() as session:
        status = current_status(session, stored["cyber"], viewer=ANALYST, as_of=date(2026, 4, 1))
    assert (status.status, status.assessment.scores) == ("delivered", {"CAN": 1, "KOR": 1})
    with pytest.raises(TrackingError, match="ann accepted it already"), transaction(engine) as session:
        reject_proposal(session, best.id, actor=ANALYST)


def test_accepting_without_a_status_attaches_evidence_and_changes_no_status(engine: Engine, stored) -> None:
    best = _proposals(engine, document_id=stored["readout"])[0]
    with pytest.raises(TrackingError, match="scores need a status"), transaction(engine) as session:
        accept_proposal(session, best.id, actor=ANALYST, scores={"CAN": 1})
    with transaction(engine) as session:
        accepted = accept_proposal(session, best.id, actor=ANALYST)
    assert accepted.assessment is None
    with session_factory(engine, readonly=True)() as session:
        assert current_status(session, stored["cyber"], viewer=ANALYST).status == "not-assessed"
        assert [e.id for e in list_evidence(session, stored["cyber"], viewer=ANALYST)] == [accepted.evidence.id]
        assert history(session, stored["cyber"], viewer=ANALYST) == []


def test_a_rejected_proposal_stays_rejected_when_proposals_are_refreshed(engine: Engine, stored) -> None:
    proposals = _proposals(engine, document_id=stored["readout"])
    with transaction(engine) as session:
        rejected = reject_proposal(session, proposals[0].id, actor=ANALYST, reason="not the same meeting")
    assert (rejected.state, rejected.decided_by) == ("rejected", "ann")
    with transaction(engine) as session:
        again = suggest(session, stored["readout"], actor=ANALYST)
    assert {p.id for p in again} == {p.id for p in proposals}
    assert {p.id: p.state for p in again}[proposals[0].id] == "rejected"
    assert _proposals(engine, state="pending") == [p for p in again if p.state == "pending"]
    before = count(engine, "evidence_proposal")
    with transaction(engine) as session:
        track_document(session, stored["readout"], actor=ANALYST)  # running it again adds nothing
    assert count(engine, "evidence_proposal") == before


def test_a_proposal_on_an_achievement_is_accepted_as_evidence_and_never_assessed(
    engine: Engine, make_statement
) -> None:
    concluded = f"we have concluded negotiations on the {CLASSIFIED}"
    document, extraction = make_statement({"quote": f"Today {concluded}."}, title="Leaders", date="2025-10-30")
    achievement = Achievement(concluded, *span(document.text, concluded), actors=("CAN", "KOR"), area="defence")
    store(engine, (document, replace(extraction, commitments=(), achievements=(achievement,))))
    tracked = store(engine, make_statement({"quote": f"In this context, {SIGNED}."}, title="2+2", date="2026-02-25"))
    (proposal,) = _proposals(engine, document_id=tracked.document_id)
    assert (proposal.commitment_id, proposal.target_quote, proposal.relation) == (None, concluded, "delivers")
    with (
        pytest.raises(TrackingError, match=r"bears on achievement \d+, which is not assessed"),
        transaction(engine) as s,
    ):
        accept_proposal(s, proposal.id, actor=ANALYST, status="delivered")
    with transaction(engine) as session:
        accepted = accept_proposal(session, proposal.id, actor=ANALYST)
    assert (accepted.evidence.achievement_id, accepted.evidence.commitment_id) == (proposal.achievement_id, None)
    assert accepted.assessment is None and count(engine, "assessment") == 0


def test_a_reader_may_not_accept_or_reject(engine: Engine, stored) -> None:
    best = _proposals(engine, document_id=stored["readout"])[0]
    reader = Person("rita", "CAN", "SECRET", "reader")
    for decide in (accept_proposal, reject_proposal):
        with pytest.raises(AccessDenied, match="a reader may not update"), transaction(engine) as session:
            decide(session, best.id, actor=reader)
    assert _proposals(engine, document_id=stored["readout"])[0].state == "pending"


@needs_shared
def test_the_stored_proposals_rank_as_the_measure_scores_them(engine: Engine) -> None:
    """Saving the Canada–Korea history in date order stores, for each statement, the top three proposals that
    `python -m servanda.tracking.measure` scores; so its precision@3 is that of what analysts are shown."""
    gold_file = REPO / "eval" / "evidence" / "canada-korea-links.json"
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    paths = {p.name: p for d in (SHARED / "corpus", SHARED / "eval" / "dev") for p in d.iterdir()}
    names: dict[int, str] = {}
    for name in gold["documents"]:
        try:
            doc = read_path(paths[name])
        except InputError:
            continue
        extraction = extract(doc.text, date=doc.metadata.date, issuers=doc.metadata.issuers)
        names[store(engine, (doc, extraction)).document_id] = name
    shown = right = 0
    with session_factory(engine, readonly=True)() as session:
        proposals = list_proposals(session, viewer=WRITER)
    for document_id, name in names.items():
        top = [p for p in proposals if p.document_id == document_id][:TOP]
        links = [link for link in gold["links"] if link["document"] == name]
        shown += len(top)
        right += sum(
            any(
                names[_document_of(engine, p)] == link["commitment_document"]
                and _dice(p.target_quote, link["commitment"]) >= 0.5
                for link in links
            )
            for p in top
        )
    measured = measure(gold_file, [SHARED / "corpus", SHARED / "eval" / "dev"])
    assert (shown, right) == (measured.shown, measured.right)


def _document_of(engine: Engine, proposal) -> int:
    from servanda.store.models import Achievement, Commitment

    model, target = (
        (Commitment, proposal.commitment_id) if proposal.commitment_id else (Achievement, proposal.achievement_id)
    )
    with session_factory(engine)() as session:
        return session.get(model, target).document_id
