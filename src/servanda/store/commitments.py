"""Finding stored commitments: filtered lists, counts, single records and streams for export.

Each takes the `viewer` it reads for, and sees only what the store's query filter lets them (visibility.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import UTC, date, datetime
from typing import TypedDict, Unpack

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from servanda.access import Person
from servanda.store.models import (
    Assessment,
    Commitment,
    CommitmentActor,
    CommitmentAgreement,
    CommitmentMechanism,
    Document,
)
from servanda.store.visibility import Visibility, audit_not_found, audit_read, has_id, visibility


class CommitmentFilters(TypedDict, total=False):
    """The filters every commitment query accepts; each one given narrows the result."""

    area: str | None
    strength: str | None
    actor: str | None  # a party among the commitment's actors
    due_before: date | None  # the whole due period ends before this day; undated commitments never match
    due_after: date | None  # the due period ends after this day; undated commitments never match
    document_id: int | None
    status: str | None  # the status as of today from the latest assessment the viewer may read, or not-assessed
    ids: Collection[int] | None  # only these commitments (a page of search hits, say)
    mechanism_id: int | None  # commitments that name this mechanism
    agreement_id: int | None  # commitments that name this agreement


def list_commitments(
    session: Session, *, viewer: Person, limit: int = 100, offset: int = 0, **filters: Unpack[CommitmentFilters]
) -> list[Commitment]:
    """One page of the matching commitments `viewer` may read, oldest document first, in document order."""
    seen = visibility(session, viewer)
    statement = _select(seen, filters)
    if session.get_bind().dialect.name == "sqlite":  # PostgreSQL walks the date index and stops by itself
        statement = statement.where(Commitment.document_id.in_(_first_documents(seen, filters, offset + limit)))
    page = list(session.scalars(statement.limit(limit).offset(offset)))
    _audit(session, seen, page)
    return page


def _first_documents(seen: Visibility, filters: CommitmentFilters, count: int) -> Select[tuple[int]]:
    """The first `count` documents in list order with a matching commitment the viewer may read: the page's
    commitments are among theirs, as each has one at least. Ordering only these documents' commitments keeps a
    page's cost flat however large the store; ordering every matching commitment grows with it, and is what
    SQLite's planner chooses when its statistics make the marking indexes look selective. On PostgreSQL the
    restriction only slowed deep pages (docs/performance.md)."""
    matching = (
        select(Commitment.id)
        .where(
            Commitment.document_id == Document.id, seen.allows(Commitment), *commitment_conditions(filters, seen=seen)
        )
        .exists()
    )
    return (
        select(Document.id)
        .where(seen.allows(Document), matching)
        .order_by(Document.date.asc().nulls_last(), Document.id)
        .limit(count)
    )


def count_commitments(
    session: Session, *, viewer: Person, at_most: int | None = None, **filters: Unpack[CommitmentFilters]
) -> int:
    """How many matching commitments `viewer` may read, for paging through `list_commitments`. With `at_most`,
    counting stops after `at_most + 1` of them, so that a page over a large store never pays for a full count:
    an answer above `at_most` means "more than `at_most`"."""
    seen = visibility(session, viewer)
    matching = (
        select(Commitment.id)
        .join(Commitment.document)
        .where(seen.allows(Commitment), seen.allows(Document), *commitment_conditions(filters, seen=seen))
    )
    if at_most is not None:
        matching = matching.limit(at_most + 1)
    return session.scalar(select(func.count()).select_from(matching.subquery())) or 0


def iter_commitments(
    session: Session, *, viewer: Person, batch_size: int = 500, **filters: Unpack[CommitmentFilters]
) -> Iterator[Commitment]:
    """Every matching commitment `viewer` may read, in list order, fetched `batch_size` at a time so memory
    stays flat; each batch is audited before it is handed out."""
    seen = visibility(session, viewer)
    for batch in session.scalars(_select(seen, filters).execution_options(yield_per=batch_size)).partitions():
        _audit(session, seen, batch)
        yield from batch


def get_commitment(session: Session, commitment_id: int, *, viewer: Person) -> Commitment | None:
    """One commitment with its document, actors, mechanisms and agreements; None if there is none or `viewer`
    may not read it (the two are indistinguishable)."""
    seen = visibility(session, viewer)
    asked = has_id(Commitment, commitment_id)
    found = session.scalars(_select(seen, {}).where(asked)).one_or_none()
    if found is None:
        audit_not_found(session, seen, Commitment, asked, ref=str(commitment_id))
        return None
    _audit(session, seen, [found])
    return found


def _audit(session: Session, seen: Visibility, commitments: list[Commitment]) -> None:
    related = {
        "document": [c.document for c in commitments],
        "mechanism": [link.mechanism for c in commitments for link in c.mechanism_links],
        "agreement": [link.agreement for c in commitments for link in c.agreement_links],
    }
    audit_read(session, seen, "commitment", commitments, related=related)


def _select(seen: Visibility, filters: CommitmentFilters) -> Select[tuple[Commitment]]:
    # Ordering ends on unique keys, so pages are stable; undated documents sort last on both backends.
    return seen.filtered(
        select(Commitment)
        .join(Commitment.document)
        .where(seen.allows(Commitment), seen.allows(Document), *commitment_conditions(filters, seen=seen))
        .order_by(Document.date.asc().nulls_last(), Document.id, Commitment.ordinal)
        .options(
            # The document's text can be long; rows carry only what a list of commitments shows.
            contains_eager(Commitment.document).load_only(
                Document.title, Document.date, Document.sha256, Document.marking_id
            ),
            selectinload(Commitment.actors),
            selectinload(Commitment.mechanism_links),
            selectinload(Commitment.agreement_links),
        )
    )


def commitment_conditions(filters: CommitmentFilters, *, seen: Visibility | None = None) -> list[ColumnElement[bool]]:
    """The WHERE conditions of `filters`. A status filter needs `seen`: a status comes from the assessments the
    viewer may read, so asking for one without them is refused rather than answered from all of them."""
    conditions: list[ColumnElement[bool]] = []
    if (area := filters.get("area")) is not None:
        conditions.append(Commitment.area == area)
    if (strength := filters.get("strength")) is not None:
        conditions.append(Commitment.strength == strength)
    if (document_id := filters.get("document_id")) is not None:
        conditions.append(Commitment.document_id == document_id)
    if (ids := filters.get("ids")) is not None:
        conditions.append(Commitment.id.in_(list(ids)))
    if (mechanism_id := filters.get("mechanism_id")) is not None:
        conditions.append(
            select(CommitmentMechanism.commitment_id)
            .where(CommitmentMechanism.commitment_id == Commitment.id, CommitmentMechanism.mechanism_id == mechanism_id)
            .exists()
        )
    if (agreement_id := filters.get("agreement_id")) is not None:
        conditions.append(
            select(CommitmentAgreement.commitment_id)
            .where(CommitmentAgreement.commitment_id == Commitment.id, CommitmentAgreement.agreement_id == agreement_id)
            .exists()
        )
    if (due_before := filters.get("due_before")) is not None:
        conditions.append(Commitment.due_by < due_before)
    if (due_after := filters.get("due_after")) is not None:
        conditions.append(Commitment.due_by > due_after)
    if (status := filters.get("status")) is not None:
        if seen is None:
            raise ValueError("a status filter needs the viewer's visibility (seen=)")
        conditions.append(func.coalesce(_latest_status(seen), "not-assessed") == status)
    if (actor := filters.get("actor")) is not None:
        conditions.append(
            select(CommitmentActor.commitment_id)
            .where(CommitmentActor.commitment_id == Commitment.id, CommitmentActor.party == actor)
            .exists()
        )
    return conditions


def _latest_status(seen: Visibility) -> ColumnElement[str | None]:
    """The status of the commitment's latest assessment as of today that the viewer may read (by the day it speaks
    for, then when it was made), as `tracking.assess.latest_statuses` chooses it; NULL when there is none."""
    today = datetime.now(UTC).date()
    return (
        select(Assessment.status)
        .where(Assessment.commitment_id == Commitment.id, Assessment.as_of <= today, seen.allows(Assessment))
        .order_by(Assessment.as_of.desc(), Assessment.at.desc(), Assessment.id.desc())
        .limit(1)
        .correlate(Commitment)
        .scalar_subquery()
    )
