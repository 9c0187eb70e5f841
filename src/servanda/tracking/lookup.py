"""Finding the records a tracking request names, through the store's query filter.

`readable(seen, model)` is the WHERE clause of every tracking read: the record's own marking, and those of the
records it speaks of (an assessment's commitment, a proposal's document), so a record about something the viewer
may not read is never shown, counted or aggregated. `visible()` finds one record by id: one the person may not
read raises NotFound with the same message as one that does not exist, and the look-up is audited.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from servanda.access import Marking
from servanda.store.due import due_by
from servanda.store.markings import marking_by_id
from servanda.store.models import (
    Achievement,
    Agreement,
    AgreementStage,
    Assessment,
    Commitment,
    CommitmentLink,
    Document,
    Evidence,
    EvidenceProposal,
    Marked,
    Mechanism,
    MechanismMeeting,
)
from servanda.store.visibility import Visibility, audit_not_found, has_id
from servanda.tracking.errors import NotFound, TrackingError

Record = TypeVar("Record", bound=Marked)


def readable_ids(seen: Visibility, model: type[Marked]) -> Any:
    """A subquery of the ids of `model`'s rows `seen.viewer` may read, with everything they speak of."""
    return select(model.id).where(*readable(seen, model))


def readable(seen: Visibility, model: type[Marked]) -> list[ColumnElement[bool]]:
    """The conditions that keep `model`'s rows to those `seen.viewer` may read, with everything they speak of."""
    conditions = [seen.allows(model)]
    documents = seen.visible_ids(Document)
    if model in (Commitment, Achievement):
        conditions.append(model.document_id.in_(documents))
    elif model is Evidence:
        conditions += [
            or_(Evidence.commitment_id.is_(None), Evidence.commitment_id.in_(readable_ids(seen, Commitment))),
            or_(Evidence.achievement_id.is_(None), Evidence.achievement_id.in_(readable_ids(seen, Achievement))),
            or_(Evidence.document_id.is_(None), Evidence.document_id.in_(documents)),
        ]
    elif model is Assessment:
        conditions.append(Assessment.commitment_id.in_(readable_ids(seen, Commitment)))
    elif model is EvidenceProposal:
        conditions += [
            EvidenceProposal.document_id.in_(documents),
            or_(
                EvidenceProposal.commitment_id.is_(None),
                EvidenceProposal.commitment_id.in_(readable_ids(seen, Commitment)),
            ),
            or_(
                EvidenceProposal.achievement_id.is_(None),
                EvidenceProposal.achievement_id.in_(readable_ids(seen, Achievement)),
            ),
        ]
    elif model is CommitmentLink:
        commitments = readable_ids(seen, Commitment)
        conditions += [CommitmentLink.earlier_id.in_(commitments), CommitmentLink.later_id.in_(commitments)]
    elif model is MechanismMeeting:
        conditions += [
            MechanismMeeting.mechanism_id.in_(seen.visible_ids(Mechanism)),
            or_(MechanismMeeting.document_id.is_(None), MechanismMeeting.document_id.in_(documents)),
        ]
    elif model is AgreementStage:
        conditions += [
            AgreementStage.agreement_id.in_(seen.visible_ids(Agreement)),
            or_(AgreementStage.document_id.is_(None), AgreementStage.document_id.in_(documents)),
        ]
    return conditions


def visible(session: Session, seen: Visibility, model: type[Record], record_id: int, *, noun: str) -> Record:
    """The `model` row `record_id` that `seen.viewer` may read; NotFound ("no NOUN ID") otherwise."""
    asked = has_id(model, record_id)
    found = session.scalars(seen.filtered(select(model).where(asked, *readable(seen, model)))).one_or_none()
    if found is None:
        audit_not_found(session, seen, model, asked, ref=str(record_id))
        raise NotFound(f"no {noun} {record_id}")
    return found


def marking_of(session: Session, seen: Visibility, record: Marked) -> Marking:
    """The marking `record` carries now (it may have been raised within this transaction)."""
    return seen.markings.get(record.marking_id) or marking_by_id(session, record.marking_id)


def today() -> date:
    """The current day in UTC, the default `as_of` of tracking requests."""
    return datetime.now(UTC).date()


def iso_date(value: str | None, what: str) -> str | None:
    """`value` when it is an ISO 8601 year, month or day (surrounding space removed); TrackingError otherwise."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        due_by(value)
    except ValueError as err:
        raise TrackingError(f"{what}: {err}") from None
    return value
