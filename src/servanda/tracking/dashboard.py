"""The dashboard's figures: how many statements and commitments a person may read, by strength, area and status,
how many are overdue or fall due soon, and the latest statements.

Every figure is an aggregate computed in the database over what the store's query filter lets the viewer read,
so the dashboard costs a handful of queries however many commitments there are. Statuses come from the
assessment table alone: the latest assessment of each commitment as of the day, among those the viewer may read,
chosen by a window function; a commitment with none is not assessed, so that count is the total less the
assessed ones, and no query looks up a status commitment by commitment.

Counts name no record, so, like `count_commitments`, they write no audit entry; the latest statements are
records shown, and are audited as any list of documents is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session, load_only

from servanda.access import Marking, Person
from servanda.extract.model import STRENGTHS
from servanda.store.models import Assessment, Commitment, Document
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.deadlines import OPEN_STATUSES
from servanda.tracking.due_items import DEFAULT_WINDOW
from servanda.tracking.lookup import today as current_day
from servanda.tracking.status import STATUSES

RECENT = 5  # statements listed


@dataclass(frozen=True, slots=True)
class RecentStatement:
    """One of the latest statements, with the number of its commitments the viewer may read, and its marking."""

    id: int
    title: str | None
    date: str
    commitments: int
    marking: Marking


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What a viewer may read, summed up as of `today`.

    `by_strength` and `by_status` name every strength and status, with 0 for those no commitment has;
    `by_area` names the areas present, largest first. `overdue` and `due_soon` count open commitments (status
    not-assessed, not-started, in-progress or stalled) whose statement is dated by `today`, as `servanda due`
    lists them: due before `today`, or due from `today` to `today + within`. `recent` holds the latest statements
    dated by `today`, latest first (undated statements are never among them).
    """

    today: date
    within: timedelta
    statements: int
    commitments: int
    by_strength: dict[str, int]
    by_area: dict[str, int]
    by_status: dict[str, int]
    overdue: int
    due_soon: int
    recent: tuple[RecentStatement, ...]


def dashboard(
    session: Session, *, viewer: Person, today: date | None = None, within: timedelta = DEFAULT_WINDOW
) -> Dashboard:
    """The dashboard `viewer` sees as of `today` (default: the current day in UTC)."""
    today = today or current_day()
    seen = visibility(session, viewer)
    readable = (seen.allows(Commitment), seen.allows(Document))
    end = today + within

    statements = session.scalar(select(func.count()).select_from(Document).where(seen.allows(Document))) or 0

    by_strength = dict.fromkeys(STRENGTHS, 0)
    areas: dict[str, int] = {}
    for strength, area, count in session.execute(
        select(Commitment.strength, Commitment.area, func.count())
        .join(Commitment.document)
        .where(*readable)
        .group_by(Commitment.strength, Commitment.area)
    ):
        by_strength[strength] = by_strength.get(strength, 0) + count
        areas[area] = areas.get(area, 0) + count
    commitments = sum(by_strength.values())

    dated = _dated_by(today)
    overdue_all, due_soon_all = session.execute(
        select(
            func.count(case((Commitment.due_by < today, 1))),
            func.count(case((Commitment.due_by >= today, 1))),
        )
        .join(Commitment.document)
        .where(*readable, Commitment.due_by <= end, dated)
    ).one()

    by_status = dict.fromkeys(STATUSES, 0)
    overdue, due_soon = overdue_all, due_soon_all
    for status, count, late, soon in session.execute(_statuses(seen, today, end)):
        by_status[status] = count
        if status not in OPEN_STATUSES:  # delivered, abandoned...: no longer due
            overdue -= late
            due_soon -= soon
    by_status["not-assessed"] = commitments - sum(by_status.values())

    return Dashboard(
        today=today,
        within=within,
        statements=statements,
        commitments=commitments,
        by_strength=by_strength,
        by_area=dict(sorted(areas.items(), key=lambda pair: (-pair[1], pair[0]))),
        by_status=by_status,
        overdue=overdue,
        due_soon=due_soon,
        recent=_recent(session, seen, today),
    )


def _dated_by(today: date) -> ColumnElement[bool]:
    """The statement is undated or its date begins by `today`: ISO dates at any precision compare as text, and a
    year or month sorts before every day it covers ("2026-05" < "2026-05-01")."""
    return or_(Document.date.is_(None), Document.date <= today.isoformat())


def _statuses(seen: Visibility, today: date, end: date):
    """Per status, the commitments whose latest readable assessment as of `today` has it, and how many of those
    are overdue and due soon. Only assessed commitments are read, starting from the assessment table."""
    order = (Assessment.as_of.desc(), Assessment.at.desc(), Assessment.id.desc())
    latest = (
        select(
            Assessment.status.label("status"),
            Commitment.due_by.label("due_by"),
            _dated_by(today).label("dated"),
            func.row_number().over(partition_by=Assessment.commitment_id, order_by=order).label("rank"),
        )
        .join(Commitment, Commitment.id == Assessment.commitment_id)
        .join(Document, Document.id == Commitment.document_id)
        .where(
            Assessment.as_of <= today,
            seen.allows(Assessment),
            seen.allows(Commitment),
            seen.allows(Document),
        )
        .subquery()
    )
    due = latest.c.dated & latest.c.due_by.is_not(None)
    return (
        select(
            latest.c.status,
            func.count(),
            func.count(case((due & (latest.c.due_by < today), 1))),
            func.count(case((due & (latest.c.due_by >= today) & (latest.c.due_by <= end), 1))),
        )
        .where(latest.c.rank == 1)
        .group_by(latest.c.status)
    )


def _recent(session: Session, seen: Visibility, today: date) -> tuple[RecentStatement, ...]:
    count = (
        select(func.count(Commitment.id))
        .where(Commitment.document_id == Document.id, seen.allows(Commitment))
        .scalar_subquery()
    )
    rows = session.execute(
        seen.filtered(
            select(Document, count)
            .where(seen.allows(Document), Document.date <= today.isoformat())
            .order_by(Document.date.desc(), Document.id.desc())
            .limit(RECENT)
            .options(load_only(Document.title, Document.date, Document.marking_id))
        )
    ).all()
    audit_read(session, seen, "document", [document for document, _ in rows])
    return tuple(RecentStatement(d.id, d.title, d.date, n, seen.markings[d.marking_id]) for d, n in rows)
