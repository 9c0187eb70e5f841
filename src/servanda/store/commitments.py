"""Finding stored commitments: filtered lists, counts, single records and streams for export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TypedDict, Unpack

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from servanda.store.models import Commitment, CommitmentActor, Document


class CommitmentFilters(TypedDict, total=False):
    """The filters every commitment query accepts; each one given narrows the result."""

    area: str | None
    strength: str | None
    actor: str | None  # a party among the commitment's actors
    due_before: date | None  # the whole due period ends before this day; undated commitments never match
    document_id: int | None


def list_commitments(
    session: Session, *, limit: int = 100, offset: int = 0, **filters: Unpack[CommitmentFilters]
) -> list[Commitment]:
    """One page of matching commitments, oldest document first, in document order."""
    return list(session.scalars(_select(filters).limit(limit).offset(offset)))


def count_commitments(session: Session, **filters: Unpack[CommitmentFilters]) -> int:
    """How many commitments match, for paging through `list_commitments`."""
    statement = select(func.count()).select_from(Commitment).where(*_conditions(filters))
    return session.scalar(statement) or 0


def iter_commitments(
    session: Session, *, batch_size: int = 500, **filters: Unpack[CommitmentFilters]
) -> Iterator[Commitment]:
    """Every matching commitment in list order, fetched `batch_size` at a time so memory stays flat."""
    yield from session.scalars(_select(filters).execution_options(yield_per=batch_size))


def get_commitment(session: Session, commitment_id: int) -> Commitment | None:
    """One commitment with its document, actors, mechanisms and agreements; None if there is none."""
    statement = _select({}).where(Commitment.id == commitment_id)
    return session.scalars(statement).one_or_none()


def _select(filters: CommitmentFilters) -> Select[tuple[Commitment]]:
    # Ordering ends on unique keys, so pages are stable; undated documents sort last on both backends.
    return (
        select(Commitment)
        .join(Commitment.document)
        .where(*_conditions(filters))
        .order_by(Document.date.asc().nulls_last(), Document.id, Commitment.ordinal)
        .options(
            # The document's text can be long; rows carry only what a list of commitments shows.
            contains_eager(Commitment.document).load_only(Document.title, Document.date, Document.sha256),
            selectinload(Commitment.actors),
            selectinload(Commitment.mechanism_links),
            selectinload(Commitment.agreement_links),
        )
    )


def _conditions(filters: CommitmentFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if (area := filters.get("area")) is not None:
        conditions.append(Commitment.area == area)
    if (strength := filters.get("strength")) is not None:
        conditions.append(Commitment.strength == strength)
    if (document_id := filters.get("document_id")) is not None:
        conditions.append(Commitment.document_id == document_id)
    if (due_before := filters.get("due_before")) is not None:
        conditions.append(Commitment.due_by < due_before)
    if (actor := filters.get("actor")) is not None:
        conditions.append(
            select(CommitmentActor.commitment_id)
            .where(CommitmentActor.commitment_id == Commitment.id, CommitmentActor.party == actor)
            .exists()
        )
    return conditions
