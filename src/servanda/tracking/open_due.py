"""The open commitments a viewer may read whose due date falls in a range, selected in the database: those whose
latest readable assessment as of the day does not close them (delivered, abandoned, superseded...), whose statement
is dated by the day (or undated), in due order, at most `limit` of them, with how many there are in all.

The due date index finds the range, and the few assessed commitments that are closed are set aside in one
subquery, so a dashboard's first few overdue items cost the same however many commitments the store holds; only
the count reads the whole range, and it reads no row into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, contains_eager

from servanda.store.models import Assessment, Commitment, Document
from servanda.store.visibility import Visibility
from servanda.tracking.deadlines import OPEN_STATUSES
from servanda.tracking.lookup import readable


@dataclass(frozen=True, slots=True)
class OpenDue:
    """The first `limit` open commitments due in a range, soonest first (by due date, then id), and their number."""

    commitments: list[Commitment]
    total: int


def open_due(
    session: Session, seen: Visibility, *, as_of: date, due_in: ColumnElement[bool], limit: int | None
) -> OpenDue:
    """The open commitments `seen.viewer` may read whose due date meets `due_in` (a condition on
    `Commitment.due_by`), as of `as_of`; all of them when `limit` is None."""
    conditions = (
        # The range is found in the due date index, wherever the planner starts (SQLite's starts from the readable
        # documents and reads each one's commitments otherwise).
        Commitment.id.in_(select(Commitment.id).where(Commitment.due.is_not(None), due_in).correlate(None)),
        *readable(seen, Commitment),
        func.coalesce(Document.date, "") <= as_of.isoformat(),  # undated, or a year or month sorts before its days
        Commitment.id.not_in(_closed(seen, as_of)),
    )
    total = session.scalar(select(func.count(Commitment.id)).join(Commitment.document).where(*conditions))
    statement = seen.filtered(
        select(Commitment)
        .join(Commitment.document)
        .where(*conditions)
        .order_by(Commitment.due_by, Commitment.id)
        .options(contains_eager(Commitment.document).load_only(Document.title, Document.date, Document.marking_id))
    )
    if limit is not None:
        statement = statement.limit(limit)
    return OpenDue(list(session.scalars(statement)), total or 0)


def _closed(seen: Visibility, as_of: date) -> Select[tuple[int]]:
    """The commitments whose latest assessment the viewer may read as of `as_of` (by the day it speaks for, then
    when it was made, as `assess.latest_statuses` chooses it) has a status that is no longer due."""
    order = (Assessment.as_of.desc(), Assessment.at.desc(), Assessment.id.desc())
    latest = (
        select(
            Assessment.commitment_id.label("commitment_id"),
            Assessment.status.label("status"),
            func.row_number().over(partition_by=Assessment.commitment_id, order_by=order).label("rank"),
        )
        .where(Assessment.as_of <= as_of, seen.allows(Assessment))
        .subquery()
    )
    return select(latest.c.commitment_id).where(latest.c.rank == 1, latest.c.status.not_in(sorted(OPEN_STATUSES)))
