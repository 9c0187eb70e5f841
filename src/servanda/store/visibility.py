"""The one query filter: which stored markings a viewer may read, decided by `access.decide` for each of them.

Every read path adds `WHERE <table>.marking_id IN (<visible ids>)` for the records it selects, and goes
through `Visibility.filtered`, whose loader criteria keep every relationship loaded from a visible record (then
or later, lazily) to what the viewer may read. A forbidden record answers exactly like a missing one: no result,
count, aggregate or error reveals that it exists, and asking for either by id does the same work (two look-ups
and one audit entry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, false, select
from sqlalchemy.orm import Session, with_loader_criteria
from sqlalchemy.sql.base import ExecutableOption

from servanda import audit
from servanda.access import Marking, Person, decide, highest
from servanda.store.markings import load_marking
from servanda.store.models import (
    Achievement,
    Agreement,
    AgreementMention,
    AgreementStage,
    Assessment,
    AssessmentEvidence,
    Commitment,
    CommitmentAgreement,
    CommitmentLink,
    CommitmentMechanism,
    Document,
    Evidence,
    EvidenceProposal,
    Marked,
    MarkingRecord,
    Mechanism,
    MechanismMeeting,
    MechanismMention,
    ReportSnapshot,
)

MARKED_MODELS: tuple[type[Marked], ...] = (
    Document,
    Commitment,
    Achievement,
    Mechanism,
    Agreement,
    Evidence,
    Assessment,
    EvidenceProposal,
    CommitmentLink,
    MechanismMeeting,
    AgreementStage,
    ReportSnapshot,
)
MAX_ID = 2**31 - 1  # keys are INTEGER on both backends; PostgreSQL refuses to compare them with larger numbers


def has_id(model: type[Marked], record_id: int) -> ColumnElement[bool]:
    """`model.id == record_id`, or false for an id no row can have."""
    return model.id == record_id if 0 < record_id <= MAX_ID else false()


@dataclass(frozen=True, slots=True)
class Visibility:
    """A viewer and the stored markings they may read, by id."""

    viewer: Person
    markings: dict[int, Marking]

    @property
    def ids(self) -> list[int]:
        return sorted(self.markings)

    def allows(self, model: type[Marked]) -> ColumnElement[bool]:
        """The WHERE condition that keeps `model`'s rows to those the viewer may read."""
        return model.marking_id.in_(self.ids)

    def visible_ids(self, model: type[Marked]) -> Any:
        """A subquery of the ids of `model`'s rows the viewer may read."""
        return select(model.id).where(self.allows(model))

    def filtered(self, statement: Select[Any]) -> Select[Any]:
        """`statement` with the loader criteria of `options`, refreshing what the session holds already.

        A session's identity map may hold records loaded for someone else (or written by this session): the
        refresh replaces their loaded relationships, and lazy loads from them then use this viewer's criteria.
        """
        return statement.options(*self.options()).execution_options(populate_existing=True)

    def options(self) -> list[ExecutableOption]:
        """Loader criteria that filter every marked record, and every link or mention of a shared one, wherever a
        statement or a later lazy load brings it in."""
        criteria: list[ExecutableOption] = [
            with_loader_criteria(model, self.allows(model), include_aliases=True) for model in MARKED_MODELS
        ]
        for link, column, target in (
            (CommitmentMechanism, CommitmentMechanism.mechanism_id, Mechanism),
            (MechanismMention, MechanismMention.mechanism_id, Mechanism),
            (CommitmentAgreement, CommitmentAgreement.agreement_id, Agreement),
            (AgreementMention, AgreementMention.agreement_id, Agreement),
            (AssessmentEvidence, AssessmentEvidence.evidence_id, Evidence),
        ):
            criteria.append(with_loader_criteria(link, column.in_(self.visible_ids(target)), include_aliases=True))
        return criteria


def visibility(session: Session, viewer: Person) -> Visibility:
    """Decide, for every stored marking, whether `viewer` may read records that carry it."""
    rows = session.scalars(select(MarkingRecord))
    markings = {row.id: marking for row in rows if decide(viewer, "read", marking := load_marking(row))}
    return Visibility(viewer, markings)


def visible_marking_ids(session: Session, viewer: Person) -> list[int]:
    """The ids of the stored markings `viewer` may read: what read queries test `marking_id` against."""
    return visibility(session, viewer).ids


def audit_read(
    session: Session,
    seen: Visibility,
    record_type: str,
    records: Iterable[Marked],
    *,
    related: Mapping[str, Iterable[Marked]] | None = None,
) -> None:
    """One audit entry naming the marked records a read returned (`related`: others it showed, by type)."""
    marked: dict[str, set[int]] = {}
    markings: list[Marking] = []
    for kind, group in {record_type: records, **(related or {})}.items():
        for record in group:
            marking = seen.markings.get(record.marking_id)
            if marking is None:
                # Fail closed: the query filter let through a record it should not have.
                raise RuntimeError(f"a {kind} {seen.viewer.username} may not read reached a read path")
            if not marking.is_public:
                marked.setdefault(kind, set()).add(record.id)
                markings.append(marking)
    if not marked:
        return
    detail = {("ids" if kind == record_type else f"{kind}_ids"): sorted(ids) for kind, ids in marked.items()}
    own = detail.get("ids", [])
    audit.append_durable(
        session,
        actor=seen.viewer,
        action="read",
        record_type=record_type,
        record_id=own[0] if len(own) == 1 else None,
        marking=highest(*markings),
        decision="allow",
        reason=f"{seen.viewer.username} read {sum(map(len, marked.values()))} marked record(s)",
        detail=detail,
    )


def audit_not_found(
    session: Session, seen: Visibility, model: type[Marked], condition: ColumnElement[bool], *, ref: str
) -> None:
    """The entry for a look-up that found nothing the viewer may read: a denial when the record exists."""
    hidden = session.execute(select(model.id, model.marking_id).where(condition).order_by(model.id).limit(1)).first()
    record_type = model.__tablename__
    if hidden is None:
        record_id, marking, reason = None, None, f"no {record_type} {ref} is stored"
    else:
        row = session.get(MarkingRecord, hidden.marking_id)
        assert row is not None, "a record's marking is never missing (foreign key)"
        record_id, marking = hidden.id, load_marking(row)
        reason = decide(seen.viewer, "read", marking).reason
    audit.append_durable(
        session,
        actor=seen.viewer,
        action="read",
        record_type=record_type,
        record_id=record_id,
        marking=marking,
        decision="deny",
        reason=reason,
        detail={"ref": ref},
    )
