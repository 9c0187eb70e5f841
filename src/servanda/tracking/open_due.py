"""The open commitments a viewer may read that are overdue or fall due soon, selected in the database: those
whose latest readable assessment as of the day does not close them (delivered, abandoned, superseded...), whose
statement is dated by the day (or undated), in due order, at most `limit` of each, with how many there are.

The due date index finds the range, and the few assessed commitments that are closed are set aside in one
subquery, so only the commitments in the range are read, never the whole store; the counts (one query for both)
and the ordering before the limit still grow with the range. Only the commitments returned reach Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, contains_eager

from servanda.store.models import Assessment, Commitment, Document
from servanda.store.visibility import Visibility
from servanda.tracking.deadlines import OPEN_STATUSES
from servanda.tracking.lookup import readable


@dataclass(frozen=True, slots=True)
class OpenDue:
    """The first `limit` open commitments overdue (due before the day) and due soon (from the day to the end of
    the window), each soonest first (by due date, then id), and how many there are of each."""

    overdue: list[Commitment]
    upcoming: list[Commitment]
    overdue_total: int
    upcoming_total: int


def open_due(session: Session, seen: Visibility, *, as_of: date, until: date, limit: int | None) -> OpenDue:
    """The open commitments `seen.viewer` may read that are overdue as of `as_of`, or due from `as_of` to `until`;
    all of them when `limit` is None."""
    late, soon = Commitment.due_by < as_of, Commitment.due_by.between(as_of, until)
    counts = select(func.count(case((late, 1))), func.count(case((soon, 1)))).join(Commitment.document)
    overdue_total, upcoming_total = session.execute(counts.where(*_open(seen, as_of, Commitment.due_by <= until))).one()
    return OpenDue(
        _first(session, seen, _open(seen, as_of, late), limit),
        _first(session, seen, _open(seen, as_of, soon), limit),
        overdue_total,
        upcoming_total,
    )


def _open(seen: Visibility, as_of: date, due_in: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    """The conditions of an open commitment the viewer may read, due in `due_in` (a condition on its `due_by`)."""
    return [
        # The range is found in the due date index, wherever the planner starts (SQLite's starts from the readable
        # documents and reads each one's commitments otherwise).
        Commitment.id.in_(select(Commitment.id).where(Commitment.due.is_not(None), due_in).correlate(None)),
        *readable(seen, Commitment),
        func.coalesce(Document.date, "") <= as_of.isoformat(),  # undated, or a year or month sorts before its days
        Commitment.id.not_in(_closed(seen, as_of)),
    ]


def _first(
    session: Session, seen: Visibility, conditions: list[ColumnElement[bool]], limit: int | None
) -> list[Commitment]:
    statement = seen.filtered(
        select(Commitment)
        .join(Commitment.document)
        .where(*conditions)
        .order_by(Commitment.due_by, Commitment.id)
        .options(contains_eager(Commitment.document).load_only(Document.title, Document.date, Document.marking_id))
    )
    return list(session.scalars(statement if limit is None else statement.limit(limit)))


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
