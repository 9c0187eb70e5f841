"""Evidence proposals in the store: which earlier commitments (and achievements) a stored document bears on,
ranked by `tracking.proposals.propose`, kept until a person accepts or rejects each.

Proposals are computed against what the person asking may read, from documents dated before this one, exactly as
`python -m servanda.tracking.measure` replays them, so its precision@3 is the precision of what is stored. A
proposal carries the highest marking of its document and of what it bears on. Accepting one creates the evidence
(the proposal's passage) and, only when the analyst gives a status, an assessment: nothing changes a status
without a person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from servanda import audit
from servanda.access import Marking, Person, highest
from servanda.extract import model as extract
from servanda.store.attach import permit_attach
from servanda.store.decisions import require
from servanda.store.due import due_by
from servanda.store.markings import intern_marking, marking_by_id
from servanda.store.models import Achievement, Commitment, Document, EvidenceProposal, utc_now
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.assess import AssessmentCreate, AssessmentPublic, check_assessment, write_assessment
from servanda.tracking.errors import Conflict, TrackingError
from servanda.tracking.evidence import (
    EvidenceCreate,
    EvidencePublic,
    evidence_value,
    prepare_evidence,
    write_evidence,
)
from servanda.tracking.lookup import marking_of, readable, today, visible
from servanda.tracking.proposals import Candidate, propose
from servanda.tracking.status import ASSESSED_STATUSES

KEPT = 10  # proposals stored per document, best first


@dataclass(frozen=True, slots=True)
class ProposalPublic:
    """A stored proposal as a reader sees it. Exactly one of `commitment_id` and `achievement_id` is set."""

    id: int
    document_id: int
    document_title: str | None
    document_date: str | None
    commitment_id: int | None
    achievement_id: int | None
    target_quote: str
    score: float
    start: int
    end: int
    passage: str
    relation: str  # delivers | restates | progresses
    state: str  # pending | accepted | rejected
    decided_by: str | None
    decided_at: datetime | None
    evidence_id: int | None
    marking: Marking


@dataclass(frozen=True, slots=True)
class Accepted:
    """What accepting a proposal wrote: the evidence, and the assessment when a status was given."""

    proposal: ProposalPublic
    evidence: EvidencePublic
    assessment: AssessmentPublic | None


def suggest(session: Session, document_id: int, *, actor: Person, limit: int = KEPT) -> list[ProposalPublic]:
    """Compute (or refresh) the proposals for a stored document, in the caller's transaction, and return them
    best first. A proposal already accepted or rejected is left as it was decided."""
    seen = visibility(session, actor)
    document = visible(session, seen, Document, document_id, noun="document")
    doc_marking = marking_of(session, seen, document)
    refuse = f"cannot propose evidence from document {document_id}"
    require(session, actor, "create", doc_marking, audited="propose", record_type="evidence_proposal", refuse=refuse)
    candidates, targets = _candidates(session, seen, document)
    found = propose(
        document.text,
        _stored_extraction(document, seen),
        candidates,
        date=document.date,
        issuers=document.parties,
        limit=limit,
    )
    stored = {
        (row.commitment_id, row.achievement_id): row
        for row in session.scalars(select(EvidenceProposal).where(EvidenceProposal.document_id == document_id))
    }
    kept: list[EvidenceProposal] = []
    markings: list[Marking] = []
    for proposal in found:
        target = targets[proposal.commitment_id]
        key = (target.id, None) if isinstance(target, Commitment) else (None, target.id)
        marking = highest(doc_marking, marking_of(session, seen, target))
        markings.append(marking)
        row = stored.get(key)
        if row is not None and row.state != "pending":
            kept.append(row)
            continue
        marking_id = intern_marking(session, marking)
        if row is None:
            row = EvidenceProposal(document_id=document_id, commitment_id=key[0], achievement_id=key[1])
            session.add(row)
        row.score, row.start, row.end = proposal.score, proposal.start, proposal.end
        row.passage, row.relation, row.marking_id = proposal.passage, proposal.relation, marking_id
        kept.append(row)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="propose",
        record_type="document",
        record_id=document_id,
        marking=highest(doc_marking, *markings),
        decision="allow",
        reason=f"{actor.username} asked which earlier commitments document {document_id} bears on",
        detail={"proposal_ids": [row.id for row in kept], "candidates": len(candidates)},
    )
    seen = visibility(session, actor)  # the proposals may carry markings stored just now
    return _values(session, seen, [row.id for row in kept], order_by_score=True)


def list_proposals(
    session: Session,
    *,
    viewer: Person,
    document_id: int | None = None,
    commitment_id: int | None = None,
    state: str | None = None,
) -> list[ProposalPublic]:
    """The proposals `viewer` may read (of a document, for a commitment, in a state), best first per document."""
    seen = visibility(session, viewer)
    conditions: list[ColumnElement[bool]] = []
    if document_id is not None:
        conditions.append(EvidenceProposal.document_id == document_id)
    if commitment_id is not None:
        conditions.append(EvidenceProposal.commitment_id == commitment_id)
    if state is not None:
        conditions.append(EvidenceProposal.state == state)
    return _values(session, seen, None, *conditions)


def accept_proposal(
    session: Session,
    proposal_id: int,
    *,
    actor: Person,
    status: str | None = None,
    scores: Mapping[str, int | str | None] | None = None,
    rationale: str | None = None,
    as_of: date | None = None,
    raise_marking: bool = False,
) -> Accepted:
    """Accept a pending proposal: attach its passage as evidence and, when `status` is given, record an assessment
    resting on it (`as_of` defaults to the last day the document's date covers, or today if earlier)."""
    seen = visibility(session, actor)
    row = _pending(session, seen, proposal_id, verb="accept")
    refuse = f"cannot accept proposal {proposal_id}"
    document = row.document
    evidence = EvidenceCreate.span(document.id, row.start, row.end)
    if status is None:
        if scores:
            raise TrackingError(f"{refuse}: scores need a status ({', '.join(ASSESSED_STATUSES)})")
        target: Commitment | Achievement = (
            visible(session, seen, Commitment, row.commitment_id, noun="commitment")
            if row.commitment_id is not None
            else visible(session, seen, Achievement, row.achievement_id, noun="achievement")
        )
        prepared = prepare_evidence(session, seen, evidence, refuse=refuse)
        current = marking_of(session, seen, target)
        raised = permit_attach(
            session, actor, target, current, prepared.marking, raise_marking=raise_marking, refuse=refuse
        )
        with session.begin_nested():
            stored = write_evidence(session, actor, target, prepared, current=current, raised=raised)
            _decide(session, actor, row, "accepted", evidence_id=stored.id)
        return Accepted(_value(session, seen, row), evidence_value(stored, prepared.marking), None)
    if row.achievement_id is not None:
        raise TrackingError(f"{refuse}: it bears on achievement {row.achievement_id}, which is not assessed")
    if as_of is None:
        as_of = min(due_by(document.date), today()) if document.date else today()
    title = document.title or f"document {document.id}"
    checked = check_assessment(
        session,
        AssessmentCreate(
            row.commitment_id,
            status,
            rationale or f"{title} {row.relation} it (proposal {row.id}).",
            [evidence],
            scores or {},
            as_of=as_of,
        ),
        actor=actor,
        raise_marking=raise_marking,
    )
    with session.begin_nested():
        assessment = write_assessment(session, checked)
        _decide(session, actor, row, "accepted", evidence_id=assessment.evidence[0].id)
    return Accepted(_value(session, seen, row), assessment.evidence[0], assessment)


def reject_proposal(session: Session, proposal_id: int, *, actor: Person, reason: str | None = None) -> ProposalPublic:
    """Reject a pending proposal: it stays stored, marked rejected, and is not proposed again."""
    seen = visibility(session, actor)
    row = _pending(session, seen, proposal_id, verb="reject")
    with session.begin_nested():
        _decide(session, actor, row, "rejected", reason=reason)
    return _value(session, seen, row)


def _pending(session: Session, seen: Visibility, proposal_id: int, *, verb: str) -> EvidenceProposal:
    row = visible(session, seen, EvidenceProposal, proposal_id, noun="proposal")
    require(
        session,
        seen.viewer,
        "update",
        seen.markings[row.marking_id],
        audited=verb,
        record_type="evidence_proposal",
        record_id=proposal_id,
        refuse=f"cannot {verb} proposal {proposal_id}",
    )
    if row.state != "pending":
        raise Conflict(f"cannot {verb} proposal {proposal_id}: {row.decided_by} {row.state} it already")
    return row


def _decide(
    session: Session,
    actor: Person,
    row: EvidenceProposal,
    state: str,
    *,
    evidence_id: int | None = None,
    reason: str | None = None,
) -> None:
    row.state, row.decided_by, row.decided_at, row.evidence_id = state, actor.username, utc_now(), evidence_id
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="accept" if state == "accepted" else "reject",
        record_type="evidence_proposal",
        record_id=row.id,
        marking=marking_by_id(session, row.marking_id),
        decision="allow",
        reason=reason or f"{actor.username} {state} the proposal",
        detail={"document_id": row.document_id, "commitment_id": row.commitment_id, "evidence_id": evidence_id},
    )


def _candidates(
    session: Session, seen: Visibility, document: Document
) -> tuple[list[Candidate], dict[int, Commitment | Achievement]]:
    """Commitments, then achievements, of each readable document dated before this one, in date order; numbered
    in that order as the measure numbers them, so ties rank alike."""
    if not document.date:
        return [], {}
    earlier = or_(Document.date.is_(None), Document.date < document.date)
    order = (Document.date.asc().nulls_first(), Document.id)
    documents = list(
        session.scalars(
            seen.filtered(
                select(Document)
                .where(earlier, seen.allows(Document), Document.id != document.id)
                .order_by(*order)
                .options(
                    selectinload(Document.commitments).selectinload(Commitment.actors),
                    selectinload(Document.commitments).selectinload(Commitment.mechanism_links),
                    selectinload(Document.commitments).selectinload(Commitment.agreement_links),
                    selectinload(Document.achievements).selectinload(Achievement.actors),
                )
            )
        )
    )
    candidates: list[Candidate] = []
    targets: dict[int, Commitment | Achievement] = {}
    for earlier_document in documents:
        for unit in (*earlier_document.commitments, *earlier_document.achievements):
            if unit.marking_id not in seen.markings:
                continue
            number = len(candidates) + 1
            targets[number] = unit
            if isinstance(unit, Commitment):
                names = unit.names_as_written
                candidates.append(Candidate(number, unit.quote, earlier_document.date, unit.due, names, unit.parties))
            else:
                candidates.append(Candidate(number, unit.quote, earlier_document.date, None, (), unit.parties))
    return candidates, targets


def _stored_extraction(document: Document, seen: Visibility) -> extract.Extraction:
    """What `propose` needs of the document's own extraction: where its achievements and restatements are."""
    commitments = tuple(
        extract.Commitment(c.quote, c.start, c.end, c.strength, c.parties, c.area)
        for c in document.commitments
        if c.marking_id in seen.markings
    )
    achievements = tuple(
        extract.Achievement(a.quote, a.start, a.end, a.parties, a.area)
        for a in document.achievements
        if a.marking_id in seen.markings
    )
    return extract.Extraction(commitments, achievements, (), (), issuers=document.parties)


def _values(
    session: Session,
    seen: Visibility,
    ids: list[int] | None,
    *conditions: ColumnElement[bool],
    order_by_score: bool = False,
) -> list[ProposalPublic]:
    statement = select(EvidenceProposal).where(*conditions, *readable(seen, EvidenceProposal))
    if ids is not None:
        statement = statement.where(EvidenceProposal.id.in_(ids))
    statement = statement.order_by(EvidenceProposal.document_id, EvidenceProposal.score.desc(), EvidenceProposal.id)
    rows = list(session.scalars(seen.filtered(statement.options(*_loaded()))))
    if order_by_score:
        rows.sort(key=lambda row: (-row.score, row.id))
    _audit(session, seen, rows)
    return [_value(session, seen, row, audited=True) for row in rows]


def _value(session: Session, seen: Visibility, row: EvidenceProposal, *, audited: bool = False) -> ProposalPublic:
    if not audited:
        _audit(session, seen, [row])
    target = row.commitment if row.commitment_id is not None else row.achievement
    document = row.document
    return ProposalPublic(
        id=row.id,
        document_id=row.document_id,
        document_title=document.title,
        document_date=document.date,
        commitment_id=row.commitment_id,
        achievement_id=row.achievement_id,
        target_quote=target.quote,
        score=row.score,
        start=row.start,
        end=row.end,
        passage=row.passage,
        relation=row.relation,
        state=row.state,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        evidence_id=row.evidence_id,
        marking=marking_of(session, seen, row),
    )


def _audit(session: Session, seen: Visibility, rows: list[EvidenceProposal]) -> None:
    audit_read(
        session,
        seen,
        "evidence_proposal",
        rows,
        related={
            "document": [row.document for row in rows],
            "commitment": [row.commitment for row in rows if row.commitment is not None],
            "achievement": [row.achievement for row in rows if row.achievement is not None],
        },
    )


def _loaded() -> list[ExecutableOption]:
    return [
        joinedload(EvidenceProposal.document).load_only(Document.title, Document.date, Document.marking_id),
        joinedload(EvidenceProposal.commitment),
        joinedload(EvidenceProposal.achievement),
    ]
