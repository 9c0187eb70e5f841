"""Assessments: a person's dated judgement of a commitment, with its status, a score per party on the G7 Research
Group scale, a rationale and one or more pieces of evidence.

Assessments are append-only (database triggers refuse UPDATE and DELETE): a mistake is corrected by a new
assessment that names the one it corrects. A commitment's status is that of its latest assessment the reader may
read, by the date it speaks for (`as_of`) and then by when it was made; with none, it is `not-assessed`. An
assessment carries the highest marking of its commitment and its evidence.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from servanda import audit
from servanda.access import Marking, Person, highest
from servanda.store.attach import permit_attach
from servanda.store.decisions import require
from servanda.store.due import first_day
from servanda.store.markings import intern_marking, marking_by_id
from servanda.store.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentScore,
    Commitment,
    Document,
    Evidence,
)
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.errors import NotFound, TrackingError
from servanda.tracking.evidence import (
    EvidenceCreate,
    EvidencePublic,
    Prepared,
    audit_evidence,
    evidence_value,
    prepare_evidence,
    write_evidence,
)
from servanda.tracking.lookup import marking_of, readable_ids, today, visible
from servanda.tracking.status import ASSESSED_STATUSES, SCORES, ScoreError, ogp_completion, parse_score


@dataclass(frozen=True, slots=True)
class AssessmentCreate:
    """A new assessment. `evidence` holds new evidence, or ids of evidence already attached to the commitment;
    `scores` maps actors to +1, 0, -1 (or "+1", "n/a"...), an actor left out being not yet assessed; `as_of`
    defaults to today; `corrects` names an earlier assessment of the same commitment this one corrects."""

    commitment_id: int
    status: str
    rationale: str
    evidence: Sequence[EvidenceCreate | int] = ()
    scores: Mapping[str, int | str | None] = field(default_factory=dict)
    as_of: date | None = None
    corrects: int | None = None


@dataclass(frozen=True, slots=True)
class AssessmentPublic:
    """A stored assessment as a reader sees it: scores for every actor (None = not yet assessed) and the evidence
    the reader may read."""

    id: int
    commitment_id: int
    assessor: str
    at: datetime
    as_of: date
    status: str
    rationale: str
    corrects: int | None
    marking: Marking
    scores: dict[str, int | None]
    evidence: tuple[EvidencePublic, ...]

    @property
    def ogp(self) -> str:
        """The status in the Open Government Partnership's completion terms."""
        return ogp_completion(self.status, evidence=bool(self.evidence))


@dataclass(frozen=True, slots=True)
class CommitmentStatus:
    """A commitment's status as of a day: that of its latest assessment, or `not-assessed`."""

    commitment_id: int
    status: str
    assessment: AssessmentPublic | None

    @property
    def ogp(self) -> str:
        return self.assessment.ogp if self.assessment is not None else ogp_completion("not-assessed", evidence=False)


@dataclass(frozen=True, slots=True)
class Checked:
    """An assessment checked against the store and the access rules, ready to write."""

    actor: Person
    commitment: Commitment
    current: Marking
    raised: Marking | None
    request: AssessmentCreate
    as_of: date
    scores: tuple[tuple[str, int | None], ...]
    new_evidence: tuple[Prepared, ...]
    existing_evidence: tuple[Evidence, ...]
    marking: Marking


def assess(
    session: Session, assessment: AssessmentCreate, *, actor: Person, raise_marking: bool = False
) -> AssessmentPublic:
    """Record an assessment in the caller's transaction. Anything wrong (a commitment the actor may not read, a
    status or score outside the vocabulary, a party that is not an actor, a date before the statement, evidence
    marked above the commitment without `raise_marking`) raises a one-line error, and nothing is written."""
    checked = check_assessment(session, assessment, actor=actor, raise_marking=raise_marking)
    return write_assessment(session, checked)


def check_assessment(
    session: Session, assessment: AssessmentCreate, *, actor: Person, raise_marking: bool = False
) -> Checked:
    """Check an assessment without writing it (only a refusal's audit entry is written)."""
    seen = visibility(session, actor)
    commitment = visible(session, seen, Commitment, assessment.commitment_id, noun="commitment")
    refuse = f"cannot assess commitment {commitment.id}"
    current = marking_of(session, seen, commitment)
    require(session, actor, "create", current, audited="assess", record_type="assessment", refuse=refuse)
    if assessment.status not in ASSESSED_STATUSES:
        raise TrackingError(
            f"{refuse}: {assessment.status!r} is not a status; use one of {', '.join(ASSESSED_STATUSES)}"
        )
    if not assessment.rationale.strip():
        raise TrackingError(f"{refuse}: an assessment needs a rationale")
    as_of = assessment.as_of or today()
    stated = commitment.document.date
    if stated is not None and as_of < first_day(stated):
        raise TrackingError(f"{refuse} as of {as_of.isoformat()}: its statement is dated {stated}")
    scores = _scores(commitment, assessment.scores, refuse)
    if not assessment.evidence:
        raise TrackingError(f"{refuse}: an assessment needs at least one piece of evidence")
    new: list[Prepared] = []
    existing: list[Evidence] = []
    for item in assessment.evidence:
        if isinstance(item, EvidenceCreate):
            new.append(prepare_evidence(session, seen, item, refuse=refuse))
            continue
        found = visible(session, seen, Evidence, item, noun="evidence")
        if found.commitment_id != commitment.id:
            raise NotFound(f"no evidence {item} on commitment {commitment.id}")
        existing.append(found)
    if assessment.corrects is not None:
        corrected = visible(session, seen, Assessment, assessment.corrects, noun="assessment")
        if corrected.commitment_id != commitment.id:
            raise NotFound(f"no assessment {assessment.corrects} of commitment {commitment.id}")
    covering = current
    for prepared in new:
        covering = (
            permit_attach(
                session, actor, commitment, covering, prepared.marking, raise_marking=raise_marking, refuse=refuse
            )
            or covering
        )
    marking = highest(covering, *(p.marking for p in new), *(marking_of(session, seen, e) for e in existing))
    require(session, actor, "create", marking, audited="assess", record_type="assessment", refuse=refuse)
    return Checked(
        actor=actor,
        commitment=commitment,
        current=current,
        raised=covering if covering != current else None,
        request=assessment,
        as_of=as_of,
        scores=scores,
        new_evidence=tuple(new),
        existing_evidence=tuple(existing),
        marking=marking,
    )


def write_assessment(session: Session, checked: Checked) -> AssessmentPublic:
    """Write a checked assessment, its new evidence and any raise of its commitment's marking, all or nothing."""
    writer = checked.actor
    commitment, request = checked.commitment, checked.request
    with session.begin_nested():
        evidence = list(checked.existing_evidence)
        for i, prepared in enumerate(checked.new_evidence):
            raised = checked.raised if i == 0 else None
            evidence.append(
                write_evidence(
                    session, writer, commitment, prepared, current=checked.current, raised=raised, audited=False
                )
            )
        row = Assessment(
            commitment_id=commitment.id,
            assessor=writer.username,
            as_of=checked.as_of,
            status=request.status,
            rationale=request.rationale.strip(),
            corrects=request.corrects,
            marking_id=intern_marking(session, checked.marking),
            scores=[AssessmentScore(party=p, position=i, score=s) for i, (p, s) in enumerate(checked.scores)],
            evidence_links=[AssessmentEvidence(evidence_id=e.id, position=i) for i, e in enumerate(evidence)],
        )
        session.add(row)
        session.flush()
        for stored, prepared in zip(evidence[len(checked.existing_evidence) :], checked.new_evidence, strict=True):
            audit_evidence(session, writer, commitment, stored, prepared.marking)
        audit.append(
            session,
            actor=writer,
            action="assess",
            record_type="assessment",
            record_id=row.id,
            marking=checked.marking,
            decision="allow",
            reason=f"{writer.username} assessed commitment {commitment.id}",
            detail={
                "commitment_id": commitment.id,
                "as_of": checked.as_of.isoformat(),
                "status": request.status,
                "scores": dict(checked.scores),
                "evidence_ids": [e.id for e in evidence],
                "corrects": request.corrects,
            },
        )
    values = tuple(evidence_value(e, marking_by_id(session, e.marking_id)) for e in evidence)
    return AssessmentPublic(
        id=row.id,
        commitment_id=commitment.id,
        assessor=row.assessor,
        at=row.at,
        as_of=row.as_of,
        status=row.status,
        rationale=row.rationale,
        corrects=row.corrects,
        marking=checked.marking,
        scores=dict(checked.scores),
        evidence=values,
    )


def history(session: Session, commitment_id: int, *, viewer: Person) -> list[AssessmentPublic]:
    """Every assessment of a commitment that `viewer` may read, oldest first (by `as_of`, then when made);
    NotFound for a commitment they may not read."""
    seen = visibility(session, viewer)
    visible(session, seen, Commitment, commitment_id, noun="commitment")
    rows = _assessments(session, seen, commitment_ids=[commitment_id])
    _audit(session, seen, rows)
    return [assessment_value(row, seen) for row in rows]


def current_status(
    session: Session, commitment_id: int, *, viewer: Person, as_of: date | None = None
) -> CommitmentStatus:
    """A commitment's status as of `as_of` (default today) from the assessments `viewer` may read."""
    seen = visibility(session, viewer)
    visible(session, seen, Commitment, commitment_id, noun="commitment")
    return latest_statuses(session, seen, [commitment_id], as_of=as_of or today())[commitment_id]


def latest_statuses(
    session: Session, seen: Visibility, commitment_ids: Collection[int] | None, *, as_of: date
) -> dict[int, CommitmentStatus]:
    """The status as of `as_of` of each commitment `seen.viewer` may read (of `commitment_ids`, or all); the
    assessments read are audited."""
    rows = _assessments(session, seen, commitment_ids=commitment_ids, as_of=as_of)
    latest: dict[int, Assessment] = {}
    for row in rows:
        latest[row.commitment_id] = row  # ordered by as_of then time made: the last one wins
    _audit(session, seen, list(latest.values()))
    ids = session.scalars(_readable_commitments(seen, commitment_ids))
    result = {}
    for cid in ids:
        row = latest.get(cid)
        value = assessment_value(row, seen) if row is not None else None
        result[cid] = CommitmentStatus(cid, value.status if value else "not-assessed", value)
    return result


def assessment_value(row: Assessment, seen: Visibility) -> AssessmentPublic:
    """A stored assessment as `seen.viewer` sees it (its evidence limited to what they may read)."""
    evidence = tuple(
        evidence_value(link.evidence, seen.markings[link.evidence.marking_id])
        for link in row.evidence_links
        if link.evidence is not None and link.evidence.marking_id in seen.markings
    )
    return AssessmentPublic(
        id=row.id,
        commitment_id=row.commitment_id,
        assessor=row.assessor,
        at=row.at,
        as_of=row.as_of,
        status=row.status,
        rationale=row.rationale,
        corrects=row.corrects,
        marking=seen.markings[row.marking_id],
        scores={score.party: score.score for score in row.scores},
        evidence=evidence,
    )


def _assessments(
    session: Session, seen: Visibility, *, commitment_ids: Collection[int] | None, as_of: date | None = None
) -> list[Assessment]:
    # readable(seen, Assessment), with its subquery of readable commitments narrowed to those asked for: a page's
    # statuses then cost the same however many commitments the store holds.
    statement = select(Assessment).where(
        seen.allows(Assessment), Assessment.commitment_id.in_(_readable_commitments(seen, commitment_ids))
    )
    if as_of is not None:
        statement = statement.where(Assessment.as_of <= as_of)
    statement = statement.order_by(Assessment.commitment_id, Assessment.as_of, Assessment.at, Assessment.id).options(
        selectinload(Assessment.scores),
        selectinload(Assessment.evidence_links)
        .joinedload(AssessmentEvidence.evidence)
        .joinedload(Evidence.document)
        .load_only(Document.title, Document.date, Document.marking_id),
    )
    return list(session.scalars(seen.filtered(statement)))


def _readable_commitments(seen: Visibility, commitment_ids: Collection[int] | None) -> Select[tuple[int]]:
    """The ids of the commitments `seen.viewer` may read, of `commitment_ids` when given (else of all)."""
    found = readable_ids(seen, Commitment)
    return found if commitment_ids is None else found.where(Commitment.id.in_(list(commitment_ids)))


def _audit(session: Session, seen: Visibility, rows: list[Assessment]) -> None:
    evidence = [link.evidence for row in rows for link in row.evidence_links if link.evidence is not None]
    documents = [e.document for e in evidence if e.document is not None]
    audit_read(session, seen, "assessment", rows, related={"evidence": evidence, "document": documents})


def _scores(
    commitment: Commitment, given: Mapping[str, int | str | None], refuse: str
) -> tuple[tuple[str, int | None], ...]:
    actors = commitment.parties
    scores: dict[str, int | None] = {}
    for party, value in given.items():
        code = party.strip().upper()
        if code not in actors:
            raise TrackingError(f"{refuse}: {code} is not an actor of it (its actors: {', '.join(actors)})")
        if isinstance(value, str):
            try:
                scores[code] = parse_score(value)
            except ScoreError as err:
                raise TrackingError(f"{refuse}: {code}: {err}") from None
        elif value is None or (type(value) is int and value in SCORES):
            scores[code] = value
        else:
            raise TrackingError(f"{refuse}: {code}: {value!r} is not a compliance score: use +1, 0, -1 or n/a")
    return tuple((party, scores.get(party)) for party in actors)
